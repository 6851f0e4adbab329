using Common.Text;
using Dms.Contracts;
using Dms.Contracts.Clusters;
using Dms.Contracts.Json;
using Dms.Service.Clusters;
using Lightbits.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dms.Service.Api;

/// <summary>
/// [OURS] The snapshots of a project on an attached cluster, read through DMS's own credential: what
/// a thick clone may name as its source, for dmscli's completion of --src-snap-name. A session may
/// already clone any of them, so listing their names shows it nothing more.
/// </summary>
internal static class ClusterSnapshotEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Routes.ClusterSnapshots, async (string clusterId, HttpContext context, ClusterConnections connections) =>
            {
                var id = Ids.ParseUuid("clusterId", clusterId);
                var project = context.Request.Query["projectName"].ToString();
                if (Names.Problem("projectName", project) is { } problem)
                {
                    throw ApiException.InvalidArgument(problem);
                }

                var cluster = await connections.FindAsync(id, context.RequestAborted) ?? throw ApiException.NotFound($"cluster {id} is not attached");
                try
                {
                    var snapshots = await cluster.ListSnapshotsAsync(project, context.RequestAborted);
                    return Results.Json(new ClusterSnapshotList
                    {
                        Snapshots = [.. snapshots.Where(s => s.Uuid is not null && s.Name is not null).Select(s => new ClusterSnapshot
                        {
                            Id = s.Uuid!, Name = s.Name!, State = s.State.ToString(), SourceVolumeName = s.SourceVolumeName, CreatedAt = s.CreationTime,
                        })],
                    }, DmsJsonContext.Wire.ClusterSnapshotList);
                }
                catch (LightbitsApiException e) when (e.IsNotFound)
                {
                    throw ApiException.NotFound($"projectName '{project}' does not exist on cluster {id}");
                }
                catch (LightbitsApiException e) when (e.IsUnauthorized)
                {
                    throw ApiException.FailedPrecondition($"cluster {id} refuses DMS's credentials ({e.Message}); re-import the key and re-attach");
                }
                catch (LightbitsApiException e)
                {
                    throw ApiException.Unavailable($"cluster {id} cannot be reached: {e.Message}");
                }
            })
            .RequiresSession()
            .Produces<ClusterSnapshotList>();
    }
}
