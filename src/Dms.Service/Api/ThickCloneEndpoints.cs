using Dms.Contracts.Cloning;
using Dms.Contracts.Json;
using Dms.Contracts.Workflows;
using Dms.Service.Cloning;
using Dms.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

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
        var request = await RequestBody.ReadAsync(context, DmsJsonContext.Wire.ThickCloneRequest, limits.MaxBodyBytes, () => new ThickCloneRequest());
        var validation = await validator.ValidateAsync(kind, request, context.RequestAborted);
        var resolved = validation.Resolved ?? throw validation.Error!.ToApiException();
        var workflow = await workflows.CreateAsync(ThickCloneWorkflows.New(kind, resolved), context.RequestAborted);
        return Results.Json(new WorkflowIdResponse(workflow.Id.ToString()), DmsJsonContext.Wire.WorkflowIdResponse);
    }
}
