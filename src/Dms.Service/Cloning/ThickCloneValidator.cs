using System.Net;
using Common.Text;
using Dms.Contracts.Cloning;
using Dms.Service.Api;
using Dms.Service.Clusters;
using Lightbits.Api;
using Lightbits.Api.Http;
using Lightbits.Api.Model;

namespace Dms.Service.Cloning;

/// <summary>
/// Everything a thick clone needs is checked before a workflow exists (DESIGN §5 step 1): a bad
/// request is a 400 naming the field, not a workflow that fails later. Returns the request with
/// every optional field inherited from the source snapshot.
/// </summary>
internal sealed class ThickCloneValidator(ClusterConnections connections)
{
    private const int MaxDescriptionBytes = 256;

    public async Task<ThickCloneRequest> ValidateAsync(CloneKind kind, ThickCloneRequest request, CancellationToken ct)
    {
        var src = request.Src ?? throw ApiException.InvalidArgument("src is required (snapId, projectName, clusterId)");
        var dst = request.Dst ?? throw ApiException.InvalidArgument("dst is required (name, clusterId)");
        var snapId = Ids.ParseUuid("src.snapId", src.SnapId);
        var srcClusterId = Ids.ParseUuid("src.clusterId", src.ClusterId);
        var dstClusterId = Ids.ParseUuid("dst.clusterId", dst.ClusterId);
        RequireName("src.projectName", src.ProjectName);
        RequireName("dst.name", dst.Name);
        var dstProject = dst.ProjectName ?? src.ProjectName!;
        RequireName("dst.projectName", dstProject);
        if (dst.QosPolicyName is not null)
        {
            RequireName("dst.qosPolicyName", dst.QosPolicyName);
        }
        if (dst.Replica is { } replica && replica is < 1 or > 3)
        {
            throw ApiException.InvalidArgument($"dst.replica {replica} must be 1, 2 or 3");
        }
        if (dst.SectorSize is { } sector && sector is not (512 or 4096))
        {
            throw ApiException.InvalidArgument($"dst.sectorSize {sector} must be 512 or 4096");
        }
        if (dst.Description is { } description)
        {
            if (kind == CloneKind.Volume)
            {
                throw ApiException.InvalidArgument("dst.description applies to snapshot clones only");
            }
            if (System.Text.Encoding.UTF8.GetByteCount(description) > MaxDescriptionBytes)
            {
                throw ApiException.InvalidArgument($"dst.description is {System.Text.Encoding.UTF8.GetByteCount(description)} bytes; the limit is {MaxDescriptionBytes}");
            }
        }
        if (dst.Size is <= 0)
        {
            throw ApiException.InvalidArgument($"dst.size {dst.Size} must be positive");
        }

        var source = await ClusterAsync("src.clusterId", srcClusterId, ct);
        var destination = srcClusterId == dstClusterId ? source : await ClusterAsync("dst.clusterId", dstClusterId, ct);

        var snapshot = await Ask(() => source.FindSnapshotAsync(src.ProjectName!, snapId, ct), "src.clusterId", srcClusterId)
            ?? throw ApiException.InvalidArgument($"src.snapId {snapId} is not a snapshot of project '{src.ProjectName}' on cluster {srcClusterId}");
        if (snapshot.State != SnapshotState.Available)
        {
            throw ApiException.FailedPrecondition($"src.snapId {snapId} is {snapshot.State}, not Available");
        }
        if (await Ask(() => destination.FindProjectAsync(dstProject, ct), "dst.clusterId", dstClusterId) is null)
        {
            throw ApiException.InvalidArgument($"dst.projectName '{dstProject}' does not exist on cluster {dstClusterId}");
        }
        var taken = kind == CloneKind.Volume
            ? await Ask(() => destination.FindVolumeByNameAsync(dstProject, dst.Name!, ct), "dst.clusterId", dstClusterId) is not null
            : await Ask(() => destination.FindSnapshotByNameAsync(dstProject, dst.Name!, ct), "dst.clusterId", dstClusterId) is not null;
        if (taken)
        {
            throw new ApiException(HttpStatusCode.Conflict, 6, $"dst.name '{dst.Name}': a {(kind == CloneKind.Volume ? "volume" : "snapshot")} of that name already exists in project '{dstProject}' on cluster {dstClusterId}");
        }

        var sectorSize = dst.SectorSize ?? (int)snapshot.SectorSize;
        var size = dst.Size ?? (long)snapshot.Size;
        if (size < (long)snapshot.Size)
        {
            throw ApiException.InvalidArgument($"dst.size {size} is smaller than the source snapshot's {snapshot.Size} bytes");
        }
        if (size % sectorSize != 0)
        {
            throw ApiException.InvalidArgument($"dst.size {size} is not a multiple of the sector size {sectorSize}");
        }
        var replicas = dst.Replica ?? (int)Math.Max(1, snapshot.ReplicaCount);
        var maxReplicas = (await Ask(() => destination.GetClusterInfoAsync(ct), "dst.clusterId", dstClusterId)).CurrentMaxReplicas;
        if (maxReplicas > 0 && replicas > maxReplicas)
        {
            throw ApiException.InvalidArgument($"dst.replica {replicas} exceeds cluster {dstClusterId}'s currentMaxReplicas {maxReplicas}");
        }

        return request with
        {
            Src = src with { SnapId = snapId, ClusterId = srcClusterId },
            Dst = dst with
            {
                ClusterId = dstClusterId,
                ProjectName = dstProject,
                Size = size,
                Replica = replicas,
                SectorSize = sectorSize,
                Compression = dst.Compression ?? snapshot.Compression,
                QosPolicyName = dst.QosPolicyName ?? snapshot.QosPolicyName,
            },
        };
    }

    private static void RequireName(string field, string? name)
    {
        if (Names.Problem(field, name) is { } problem)
        {
            throw ApiException.InvalidArgument(problem);
        }
    }

    private async Task<ILightbitsCluster> ClusterAsync(string field, string clusterId, CancellationToken ct) =>
        await connections.FindAsync(clusterId, ct)
        ?? throw ApiException.InvalidArgument($"{field} {clusterId} is not an attached cluster (see GET /api/v1/clusters)");

    private static async Task<T> Ask<T>(Func<Task<T>> call, string field, string clusterId)
    {
        try
        {
            return await call();
        }
        catch (LightbitsApiException e) when (e.IsUnauthorized)
        {
            throw ApiException.FailedPrecondition($"{field} {clusterId}: the cluster refuses DMS's credentials ({e.Message}); re-import the key and re-attach");
        }
        catch (LightbitsApiException e)
        {
            throw ApiException.Unavailable($"{field} {clusterId} cannot be reached: {e.Message}");
        }
    }
}
