using Dms.Contracts.Clusters;
using Dms.Service.Clusters;
using Dms.Workflows;
using Lightbits.Api;

namespace Dms.Service.Cloning;

/// <summary>
/// Whether a clone may plan from the source cluster's changed blocks (DESIGN §6), by what the
/// changed-blocks self-check found there. Anything short of a verified encoding, and a source that
/// inherited blocks the cluster's diffs leave out, is copied by a full scan that skips zeros.
/// </summary>
internal static class ChangedBlocksTrust
{
    /// <returns>Null when the changed blocks can be trusted; otherwise why the whole volume is scanned.</returns>
    public static async Task<string?> FullScanReasonAsync(ClusterRecord? source, ILightbitsCluster cluster, CloneJob job, CancellationToken ct)
    {
        var check = source?.ChangedBlocksCheck;
        if (check?.Result != ChangedBlocksCheckResult.Verified)
        {
            return check is null
                ? "the source cluster's changed-blocks encoding was never checked"
                : $"the source cluster's changed-blocks self-check found {check.Result.ToString().ToLowerInvariant()}{(check.Detail is null ? "" : $": {check.Detail}")}";
        }
        if (check.InheritedBlocksListed == false && await DescendsFromSnapshotAsync(cluster, job, ct))
        {
            return "the source snapshot's volume was cloned from a snapshot, and this cluster's diffs leave out the blocks a clone inherited";
        }
        return null;
    }

    /// <summary>True when the snapshot's volume was created from a snapshot, or is gone so that nobody can tell.</summary>
    private static async Task<bool> DescendsFromSnapshotAsync(ILightbitsCluster cluster, CloneJob job, CancellationToken ct)
    {
        var snapshot = await OwnedResources.Call(() => cluster.GetSnapshotAsync(job.SourceProject, job.SnapshotId, ct), ErrorSide.SourceCluster, "reading the source snapshot");
        if (snapshot.SourceVolumeUuid is not { Length: > 0 } volumeUuid)
        {
            return true;
        }
        var volume = await OwnedResources.Call(() => cluster.FindVolumeAsync(job.SourceProject, volumeUuid, ct), ErrorSide.SourceCluster, "reading the source snapshot's volume");
        return volume is null || !string.IsNullOrEmpty(volume.SourceSnapshotUuid);
    }
}
