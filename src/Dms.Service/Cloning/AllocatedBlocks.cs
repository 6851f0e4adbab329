using System.Runtime.CompilerServices;
using Dms.Cloning.Planning;
using Dms.Workflows;
using Lightbits.Api;
using Lightbits.Api.Http;

namespace Dms.Service.Cloning;

/// <summary>
/// The source snapshot's allocated blocks from the Lightbits changed-blocks API (DESIGN §6), as the
/// copy planner reads them. A cluster without the API makes the planner scan the whole volume.
/// </summary>
internal static class AllocatedBlocks
{
    public static async IAsyncEnumerable<BlockExtent> ListAsync(ILightbitsCluster source, CloneJob job, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var extents = source.GetChangedExtentsAsync(job.SourceProject, job.SnapshotId, ct: ct).GetAsyncEnumerator(ct);
        while (true)
        {
            try
            {
                if (!await extents.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (LightbitsApiException e)
            {
                if (await LacksChangedBlocksAsync(source, job, e, ct))
                {
                    throw new AllocationUnknownException($"the source cluster cannot list changed blocks ({e.Message})", e);
                }
                throw new WorkflowStepException($"listing the source snapshot's allocated blocks: {e.Message}", ErrorSide.SourceCluster, e.IsRetryable, innerException: e);
            }
            yield return new BlockExtent(extents.Current.Start, extents.Current.Count);
        }
    }

    /// <summary>501, or a 404 while the snapshot itself still exists: a cluster release without the API.</summary>
    private static async Task<bool> LacksChangedBlocksAsync(ILightbitsCluster source, CloneJob job, LightbitsApiException e, CancellationToken ct) =>
        e.Status == System.Net.HttpStatusCode.NotImplemented
        || (e.Status == System.Net.HttpStatusCode.NotFound && await source.FindSnapshotAsync(job.SourceProject, job.SnapshotId, ct) is not null);
}
