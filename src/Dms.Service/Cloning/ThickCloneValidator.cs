using Common.Text;
using Dms.Contracts.Cloning;
using Dms.Service.Clusters;
using Lightbits.Api;
using Lightbits.Api.Http;
using Lightbits.Api.Model;
using Microsoft.Extensions.Logging;

namespace Dms.Service.Cloning;

/// <summary>A validated request with every optional field inherited from the source snapshot (the QoS policy from its volume), or the first field that is wrong.</summary>
internal sealed record CloneValidation(ThickCloneRequest? Resolved, FieldError? Error)
{
    public static implicit operator CloneValidation(FieldError error) => new(null, error);

    public static implicit operator CloneValidation(ThickCloneRequest resolved) => new(resolved, null);
}

/// <summary>
/// Everything a thick clone needs is checked before a workflow exists (DESIGN §5 step 1): a bad
/// request is refused naming the field, not a workflow that fails later.
/// </summary>
internal sealed partial class ThickCloneValidator(ClusterConnections connections, ILogger<ThickCloneValidator> logger)
{
    private const int MaxDescriptionBytes = 256;

    public async Task<CloneValidation> ValidateAsync(CloneKind kind, ThickCloneRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Src is not { } src)
        {
            return FieldError.Invalid("src", null, "src is required (snapId or snapName, projectName, clusterId)");
        }
        if (request.Dst is not { } dst)
        {
            return FieldError.Invalid("dst", null, "dst is required (name, clusterId)");
        }
        var dstProject = dst.ProjectName ?? src.ProjectName!;
        FieldError?[] ids = [SnapshotChoice(src), Uuid("src.clusterId", src.ClusterId, out var srcClusterId), Uuid("dst.clusterId", dst.ClusterId, out var dstClusterId)];
        if ((ids.FirstOrDefault(e => e is not null) ?? CheckFields(kind, src, dst, dstProject)) is { } malformed)
        {
            return malformed;
        }

        try
        {
            if (await connections.FindAsync(srcClusterId, ct) is not { } source)
            {
                return NotAttached("src.clusterId", srcClusterId);
            }
            var destination = srcClusterId == dstClusterId ? source : await connections.FindAsync(dstClusterId, ct);
            if (destination is null)
            {
                return NotAttached("dst.clusterId", dstClusterId);
            }
            var found = await FindSourceAsync(source, src, srcClusterId, ct);
            if (found.Error is { } noSnapshot)
            {
                return noSnapshot;
            }
            var (snapshot, snapId) = (found.Snapshot!, found.Snapshot!.Uuid!);
            if (await Ask(() => destination.FindProjectAsync(dstProject, ct), "dst.clusterId", dstClusterId) is null)
            {
                return FieldError.Missing("dst.projectName", dstProject, $"dst.projectName '{dstProject}' does not exist on cluster {dstClusterId}");
            }
            var taken = kind == CloneKind.Volume
                ? await Ask(() => destination.FindVolumeByNameAsync(dstProject, dst.Name!, ct), "dst.clusterId", dstClusterId) is not null
                : await Ask(() => destination.FindSnapshotByNameAsync(dstProject, dst.Name!, ct), "dst.clusterId", dstClusterId) is not null;
            if (taken)
            {
                return new FieldError("dst.name", dst.Name, FieldProblem.Taken,
                    $"dst.name '{dst.Name}': a {(kind == CloneKind.Volume ? "volume" : "snapshot")} of that name already exists in project '{dstProject}' on cluster {dstClusterId}");
            }

            // Both make the thin clone on the source; a snapshot without them cannot be cloned.
            if (MissingField(snapshot, srcClusterId, snapId) is { } missing)
            {
                return missing;
            }
            var sectorSize = dst.SectorSize ?? (int)snapshot.SectorSizeOrDefault;
            var size = dst.Size ?? (long)snapshot.Size;
            if (size < (long)snapshot.Size)
            {
                return FieldError.Invalid("dst.size", size, $"dst.size {SizeText.Describe(size)} is smaller than the source snapshot's {SizeText.Describe((long)snapshot.Size)}");
            }
            if (SizeText.NotWholeSectors(size, sectorSize) is { } notWhole)
            {
                return FieldError.Invalid("dst.size", size, $"dst.size {notWhole}");
            }
            var replicas = dst.Replica ?? (int)snapshot.ReplicaCount;
            var maxReplicas = (await Ask(() => destination.GetClusterInfoAsync(ct), "dst.clusterId", dstClusterId)).CurrentMaxReplicas;
            if (maxReplicas > 0 && replicas > maxReplicas)
            {
                return FieldError.Invalid("dst.replica", replicas, $"dst.replica {replicas} exceeds cluster {dstClusterId}'s currentMaxReplicas {maxReplicas}");
            }

            var qos = await QosPolicyAsync(new CloneEnds(source, src.ProjectName!, srcClusterId, destination, dstProject, dstClusterId), snapshot, dst.QosPolicyName, ct);
            if (qos.Error is { } badQos)
            {
                return badQos;
            }

            return request with
            {
                Src = src with { SnapId = snapId, SnapName = snapshot.Name ?? src.SnapName, ClusterId = srcClusterId },
                Dst = dst with
                {
                    ClusterId = dstClusterId,
                    ProjectName = dstProject,
                    Size = size,
                    Replica = replicas,
                    SectorSize = sectorSize,
                    Compression = dst.Compression ?? snapshot.Compression,
                    QosPolicyName = qos.Name,
                },
            };
        }
        catch (ClusterRefusal refusal)
        {
            return refusal.Error;
        }
    }

    /// <summary>What can be checked without asking a cluster.</summary>
    private static FieldError? CheckFields(CloneKind kind, SrcSnapshotInfo src, DstInfo dst, string dstProject)
    {
        if ((Name("src.projectName", src.ProjectName) ?? Name("dst.name", dst.Name) ?? Name("dst.projectName", dstProject)
            ?? (dst.QosPolicyName is null ? null : Name("dst.qosPolicyName", dst.QosPolicyName))) is { } badName)
        {
            return badName;
        }
        if (dst.Replica is { } replica && replica is < 1 or > 3)
        {
            return FieldError.Invalid("dst.replica", replica, $"dst.replica {replica} must be 1, 2 or 3");
        }
        if (dst.SectorSize is { } sector && sector is not (512 or 4096))
        {
            return FieldError.Invalid("dst.sectorSize", sector, $"dst.sectorSize {sector} must be 512 or 4096");
        }
        if (dst.Description is { } description)
        {
            if (kind == CloneKind.Volume)
            {
                return FieldError.Invalid("dst.description", description, "dst.description applies to snapshot clones only");
            }
            var bytes = System.Text.Encoding.UTF8.GetByteCount(description);
            if (bytes > MaxDescriptionBytes)
            {
                return FieldError.Invalid("dst.description", description, $"dst.description is {bytes} bytes; the limit is {MaxDescriptionBytes}");
            }
        }
        return dst.Size is <= 0 ? FieldError.Invalid("dst.size", dst.Size, $"dst.size {dst.Size} must be positive") : null;
    }

    /// <summary>The first field of the source snapshot a clone cannot do without that the cluster left out (or sent as zero).</summary>
    private static FieldError? MissingField(Snapshot snapshot, string clusterId, string snapId)
    {
        var field = snapshot.Size == 0 ? "size" : snapshot.ReplicaCount == 0 ? "replicaCount" : null;
        return field is null ? null : FieldError.Invalid("src.snapId", snapId, RequiredField.Missing(clusterId, $"snapshot {snapId}", field).Message);
    }

    /// <summary>UUIDs in their canonical lower-case form, as clusters report them.</summary>
    private static FieldError? Uuid(string field, string? value, out string id)
    {
        id = Guid.TryParseExact(value, "D", out var parsed) ? parsed.ToString() : "";
        return id.Length > 0 ? null : FieldError.Invalid(field, value, $"{field} '{value}' is not a UUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
    }

    private static FieldError? Name(string field, string? name) =>
        Names.Problem(field, name) is { } problem ? FieldError.Invalid(field, name, problem) : null;

    private static FieldError NotAttached(string field, string clusterId) =>
        FieldError.Missing(field, clusterId, $"{field} {clusterId} is not an attached cluster (see GET /api/v1/clusters)");

    /// <summary>A cluster call; a cluster that refuses or cannot be reached is the fault of the field naming it.</summary>
    private static async Task<T> Ask<T>(Func<Task<T>> call, string field, string clusterId)
    {
        try
        {
            return await call();
        }
        catch (LightbitsApiException e) when (e.IsUnauthorized)
        {
            throw new ClusterRefusal(new FieldError(field, clusterId, FieldProblem.NotReady,
                $"{field} {clusterId}: the cluster refuses DMS's credentials ({e.Message}); re-import the key and re-attach"));
        }
        catch (LightbitsApiException e)
        {
            throw new ClusterRefusal(new FieldError(field, clusterId, FieldProblem.Unreachable, $"{field} {clusterId} cannot be reached: {e.Message}"));
        }
    }

    /// <summary>Carries a cluster's refusal out of a nested call to <see cref="ValidateAsync"/>, which returns it.</summary>
    private sealed class ClusterRefusal(FieldError error) : Exception(error.Message)
    {
        public FieldError Error => error;
    }
}
