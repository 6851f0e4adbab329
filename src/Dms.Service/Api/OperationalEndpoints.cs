using Dms.Service.Clusters;
using Dms.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dms.Service.Api;

/// <summary>Spec §2 operational routes: no auth and nothing secret in them.</summary>
internal static class OperationalEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Routes.Healthz, () => Results.Text("ok\n"));

        app.MapGet(Routes.Readyz, async (WorkflowClient workflows, ClusterKey key, CancellationToken ct) =>
        {
            try
            {
                await workflows.CountByStateAsync(ct);
                return Results.Text($"ready: store reachable, cluster key {key.PubKeyId} loaded\n");
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException)
            {
                throw ApiException.Unavailable($"not ready: the store is not reachable: {e.Message}");
            }
        });

        app.MapGet(Routes.Metrics, async (ServiceMetrics metrics, WorkflowClient workflows, CancellationToken ct) =>
            Results.Text(metrics.Render(await workflows.CountByStateAsync(ct)), "text/plain; version=0.0.4; charset=utf-8"));
    }
}
