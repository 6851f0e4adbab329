using System.Globalization;
using Dms.Contracts;
using Dms.Contracts.Json;
using Dms.Contracts.Workflows;
using Dms.Service.Workflows;
using Dms.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dms.Service.Api;

/// <summary>List, get and cancel workflows (spec §2, §3 List workflows and Cancel).</summary>
internal static class WorkflowEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ApiLimits limits)
    {
        app.MapGet(Routes.Workflows, async (HttpContext context, WorkflowClient workflows) =>
            {
                var query = context.Request.Query;
                int? pageSize = null;
                if (query.TryGetValue(WorkflowListQuery.PageSize, out var sizeText))
                {
                    pageSize = int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                        ? size
                        : throw ApiException.InvalidArgument($"pageSize '{sizeText}' is not a whole number between 1 and {WorkflowClient.MaxPageSize}");
                }

                var filter = WorkflowListFilter.From(query);
                var page = await workflows.ListAsync(pageSize, query[WorkflowListQuery.NextPageToken].ToString(), filter, context.RequestAborted);
                var list = new WorkflowList { Workflows = [.. page.Workflows.Select(WorkflowView.From)], NextPageToken = page.NextPageToken };
                return Results.Json(list, DmsJsonContext.Wire.WorkflowList);
            })
            .RequiresSession()
            .Produces<WorkflowList>();

        app.MapGet(Routes.Workflow, async (string workflowId, WorkflowClient workflows, CancellationToken ct) =>
            {
                var id = Guid.Parse(Ids.ParseUuid("workflowId", workflowId));
                var workflow = await workflows.GetAsync(id, ct) ?? throw ApiException.NotFound($"workflow {id} not found");
                return Results.Json(new WorkflowResponse(WorkflowView.From(workflow)), DmsJsonContext.Wire.WorkflowResponse);
            })
            .RequiresSession()
            .Produces<WorkflowResponse>();

        app.MapPost(Routes.CancelWorkflow, async (string workflowId, HttpContext context, WorkflowClient workflows) =>
            {
                var id = Guid.Parse(Ids.ParseUuid("workflowId", workflowId));
                await RequestBody.ReadAsync(context, DmsJsonContext.Wire.EmptyMessage, limits.MaxBodyBytes, () => new EmptyMessage());
                try
                {
                    await workflows.CancelAsync(id, context.RequestAborted);
                }
                catch (WorkflowRequestException e) when (e.Error == WorkflowRequestError.ResultDelivered)
                {
                    throw DeliveredResult.CancelRefused(id, (await workflows.GetAsync(id, context.RequestAborted))?.Journal.Result);
                }

                return Results.Json(new EmptyMessage(), DmsJsonContext.Wire.EmptyMessage);
            })
            .DescribesJsonBody<EmptyMessage>(optional: true)
            .RequiresSession()
            .Produces<EmptyMessage>();
    }
}
