using Dms.Contracts;
using Dms.Contracts.Clusters;
using Dms.Contracts.Json;
using Dms.Contracts.Workflows;
using Dms.Service.Clusters;
using Dms.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dms.Service.Api;

/// <summary>List, attach, refresh and detach clusters (spec §2).</summary>
internal static class ClusterEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ApiLimits limits)
    {
        app.MapGet(Routes.Clusters, async (ClusterRegistry registry, ClusterStatusBoard board, CancellationToken ct) =>
            {
                var clusters = await registry.ListAsync(ct);
                return Results.Json(new ClusterList { Clusters = [.. clusters.Select(c => View(c, board))] }, DmsJsonContext.Wire.ClusterList);
            })
            .RequiresSession()
            .Produces<ClusterList>();

        app.MapPost(Routes.Clusters, async (HttpContext context, WorkflowClient workflows) =>
            {
                var request = await RequestBody.ReadAsync(context, DmsJsonContext.Wire.AttachClusterRequest, limits.MaxBodyBytes, () => new AttachClusterRequest());
                ValidateEndpoint(request.ApiEndpoint);
                try
                {
                    _ = TrustAnchor.From(request);
                }
                catch (FormatException e)
                {
                    throw ApiException.InvalidArgument(e.Message);
                }

                var workflow = await workflows.CreateAsync(AttachClusterWorkflow.New(request with { ApiEndpoint = request.ApiEndpoint!.Trim() }), context.RequestAborted);
                return Results.Json(new WorkflowIdResponse(workflow.Id.ToString()), DmsJsonContext.Wire.WorkflowIdResponse);
            })
            .DescribesJsonBody<AttachClusterRequest>()
            .RequiresSession()
            .Produces<WorkflowIdResponse>();

        app.MapPost(Routes.RefreshClusters, async (HttpContext context, WorkflowClient workflows, ClusterRegistry registry) =>
            {
                await RequestBody.ReadAsync(context, DmsJsonContext.Wire.RefreshClustersRequest, limits.MaxBodyBytes, () => new RefreshClustersRequest());
                var clusters = await registry.ListAsync(context.RequestAborted);
                var workflow = await workflows.CreateAsync(new NewWorkflow(RefreshClustersWorkflow.Type, "{}", [.. clusters.Select(c => ClusterResource.Key(c.Id))]), context.RequestAborted);
                return Results.Json(new WorkflowIdResponse(workflow.Id.ToString()), DmsJsonContext.Wire.WorkflowIdResponse);
            })
            .DescribesJsonBody<RefreshClustersRequest>(optional: true)
            .RequiresSession()
            .Produces<WorkflowIdResponse>();

        app.MapDelete(Routes.Cluster, async (string clusterId, WorkflowClient workflows, ClusterRegistry registry, ClustersYaml yaml,
                ClusterConnections connections, ClusterStatusBoard board, TimeProvider time, CancellationToken ct) =>
            {
                var id = Ids.ParseUuid("clusterId", clusterId);
                if (await registry.FindAsync(id, ct) is null)
                {
                    throw ApiException.NotFound($"cluster {id} is not attached");
                }

                // Marked before the in-use check: a clone created meanwhile sees the mark and withdraws.
                await registry.BeginDetachAsync(id, time.GetUtcNow(), ct);
                try
                {
                    if (await workflows.IsResourceInUseAsync(ClusterResource.Key(id), ct))
                    {
                        throw ApiException.FailedPrecondition($"cluster {id} is used by a workflow that has not ended; wait for it or cancel it, then detach");
                    }

                    await registry.RemoveAsync(id, ct);
                }
                finally
                {
                    await registry.EndDetachAsync(id, CancellationToken.None);
                }

                await yaml.RewriteAsync(registry, ct);
                connections.Forget(id);
                board.Remove(id);
                return Results.Json(new EmptyMessage(), DmsJsonContext.Wire.EmptyMessage);
            })
            .RequiresSession()
            .Produces<EmptyMessage>();
    }

    private static void ValidateEndpoint(string? endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            throw ApiException.InvalidArgument("apiEndpoint is required (host:port of one of the cluster's API endpoints)");
        }

        try
        {
            var (host, _) = ClusterCertificate.SplitEndpoint(endpoint.Trim());
            if (host.Length == 0 || host.Any(char.IsWhiteSpace) || host.Contains('/', StringComparison.Ordinal))
            {
                throw new FormatException();
            }
        }
        catch (FormatException)
        {
            throw ApiException.InvalidArgument($"apiEndpoint '{endpoint}' is not host:port (e.g. rack01-server01:443)");
        }
    }

    private static Cluster View(ClusterRecord record, ClusterStatusBoard board) => new()
    {
        Id = record.Id,
        Name = record.Name,
        Version = record.Version,
        SubsystemNqn = record.SubsystemNqn,
        ApiEndpoints = record.ApiEndpoints,
        DiscoveryEndpoints = record.DiscoveryEndpoints,
        ClusterConnectionStatus = board.Get(record.Id),
        TlsTrust = record.TlsTrust,
        TlsFingerprints = [.. record.Tls().Fingerprints.Select(f => "sha256:" + f)],
        ChangedBlocksCheck = record.ChangedBlocksCheck,
    };
}
