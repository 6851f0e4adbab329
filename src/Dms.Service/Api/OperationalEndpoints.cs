using Dms.Contracts;
using Dms.Service.Configuration;
using Dms.Service.Telemetry;
using Dms.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dms.Service.Api;

/// <summary>
/// Spec §2 operational routes. The probes are open and say only ready or not to anonymous callers
/// (a database error names hosts and users); metrics need a session unless dms.yaml says
/// <c>metricsAuth: none</c>.
/// </summary>
internal static class OperationalEndpoints
{
    public static void Map(IEndpointRouteBuilder app, MetricsAuth metricsAuth)
    {
        app.MapGet(Routes.Healthz, () => Results.Text("ok\n")).AllowsAnyone();

        app.MapGet(Routes.Readyz, async (HttpContext context, WorkflowClient workflows, CancellationToken ct) =>
        {
            var detailed = context.User.Identity?.IsAuthenticated == true;
            try
            {
                await workflows.CountByStateAsync(ct);
                return Results.Text(detailed ? "ready: store reachable\n" : "ready\n");
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException)
            {
                throw ApiException.Unavailable(detailed ? $"not ready: the store is not reachable: {e.Message}" : "not ready");
            }
        }).AllowsAnyone();

        var metrics = app.MapMetrics(Routes.Metrics);
        _ = metricsAuth == MetricsAuth.None ? metrics.AllowsAnyone() : metrics.RequiresSession();
    }
}
