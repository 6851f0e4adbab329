using Dms.Cloning.Copy;
using Dms.Workflows;
using Lightbits.Api;
using Lightbits.Api.Http;
using Microsoft.Extensions.Logging;

namespace Dms.Service.Cloning;

/// <summary>
/// What to copy: the source snapshot's allocated blocks from the changed-blocks API (DESIGN §6),
/// or — when the cluster cannot list them — the whole volume, whose zero chunks the copier skips.
/// </summary>
internal static class CopyPlans
{
    public static async Task<CopyPlan> BuildAsync(ILightbitsCluster source, CloneJob job, long sourceSize, int sourceSectorSize,
        int destinationSectorSize, int ioSize, ILogger logger, CancellationToken ct)
    {
        // Both devices must accept every I/O: align to the larger sector, rounding extents outwards
        // (copying a few more source bytes is still copying the source).
        var alignment = Math.Max(sourceSectorSize, destinationSectorSize);
        try
        {
            var extents = new List<ByteExtent>();
            await foreach (var lbas in source.GetChangedExtentsAsync(job.SourceProject, job.SnapshotId, ct: ct))
            {
                var start = (long)lbas.Start * sourceSectorSize / alignment * alignment;
                var end = Math.Min(sourceSize, ((long)lbas.End * sourceSectorSize + alignment - 1) / alignment * alignment);
                if (extents.Count > 0 && extents[^1].End >= start)
                {
                    var last = extents[^1];
                    extents[^1] = last with { Length = Math.Max(last.End, end) - last.Offset };
                }
                else if (end > start)
                {
                    extents.Add(new ByteExtent(start, end - start));
                }
            }
            return CopyPlan.Create(extents, sourceSize, ioSize, alignment);
        }
        catch (LightbitsApiException e)
        {
            if (await LacksChangedBlocksAsync(source, job, e, ct))
            {
                logger.LogWarning("workflow {WorkflowId}: the source cluster cannot list changed blocks ({Error}); scanning the whole volume", job.WorkflowId, e.Message);
                return CopyPlan.Full(sourceSize, ioSize, alignment);
            }
            throw new WorkflowStepException($"listing the source snapshot's allocated blocks: {e.Message}", ErrorSide.SourceCluster, e.IsRetryable, innerException: e);
        }
    }

    /// <summary>501, or a 404 while the snapshot itself still exists: a cluster release without the API.</summary>
    private static async Task<bool> LacksChangedBlocksAsync(ILightbitsCluster source, CloneJob job, LightbitsApiException e, CancellationToken ct) =>
        e.Status == System.Net.HttpStatusCode.NotImplemented
        || (e.Status == System.Net.HttpStatusCode.NotFound && await source.FindSnapshotAsync(job.SourceProject, job.SnapshotId, ct) is not null);
}
