using Dms.Contracts;
using Dms.Contracts.Cloning;
using Dms.Contracts.Json;
using Dms.Contracts.Workflows;
using Dms.Service.Cloning;
using Dms.Service.Clusters;
using Dms.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dms.Service.Api;

/// <summary>POST /api/v1/volumes/thickclone and /api/v1/snapshots/thickclone (spec §2): validate, then start the workflow.</summary>
internal static class ThickCloneEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ApiLimits limits)
    {
        app.MapPost(Routes.ThickCloneVolume, (HttpContext c, ThickCloneValidator v, WorkflowClient w) => StartAsync(c, v, w, CloneKind.Volume, limits))
            .DescribesJsonBody<ThickCloneRequest>()
            .RequiresSession()
            .Produces<WorkflowIdResponse>();
        app.MapPost(Routes.ThickCloneSnapshot, (HttpContext c, ThickCloneValidator v, WorkflowClient w) => StartAsync(c, v, w, CloneKind.Snapshot, limits))
            .DescribesJsonBody<ThickCloneRequest>()
            .RequiresSession()
            .Produces<WorkflowIdResponse>();
    }

    private static async Task<IResult> StartAsync(HttpContext context, ThickCloneValidator validator, WorkflowClient workflows, CloneKind kind, ApiLimits limits)
    {
        var dryRun = DryRun.Requested(context.Request);
        var request = await RequestBody.ReadAsync(context, DmsJsonContext.Wire.ThickCloneRequest, limits.MaxBodyBytes, () => new ThickCloneRequest());
        var validation = await validator.ValidateAsync(kind, request, context.RequestAborted);
        var resolved = validation.Resolved ?? throw validation.Error!.ToApiException();
        if (dryRun)
        {
            return await DryRun.AnswerAsync(context.RequestServices.GetRequiredService<ClusterRegistry>(), context.RequestServices.GetRequiredService<TimeProvider>(),
                kind, resolved, context.RequestAborted);
        }

        var workflow = await workflows.CreateAsync(ThickCloneWorkflows.New(kind, resolved), context.RequestAborted);
        await WithdrawIfDetachingAsync(context.RequestServices.GetRequiredService<ClusterRegistry>(), context.RequestServices.GetRequiredService<TimeProvider>(),
            workflows, workflow.Id, [resolved.Src!.ClusterId!, resolved.Dst!.ClusterId!]);
        return Results.Json(new WorkflowIdResponse(workflow.Id.ToString()), DmsJsonContext.Wire.WorkflowIdResponse);
    }

    /// <summary>
    /// The clone's half of the detach handshake (see <see cref="ClusterRegistry.BeginDetachAsync"/>):
    /// created first, then checked, so a detach that did not see this workflow is seen here.
    /// </summary>
    private static async Task WithdrawIfDetachingAsync(ClusterRegistry registry, TimeProvider time, WorkflowClient workflows, Guid workflowId, string[] clusterIds)
    {
        var now = time.GetUtcNow();
        foreach (var clusterId in clusterIds.Distinct())
        {
            if (!await registry.IsUsableAsync(clusterId, now, CancellationToken.None))
            {
                await workflows.CancelAsync(workflowId, CancellationToken.None);
                throw ApiException.FailedPrecondition($"cluster {clusterId} is being detached; the clone was not started");
            }
        }
    }
}
