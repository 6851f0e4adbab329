using Dms.Cloning.Copy;

namespace Dms.Cloning.Planning;

/// <summary>The sizes a plan is cut to: the source's size and sectors, the destination's sectors, the I/O size.</summary>
public sealed record PlanGeometry(long SourceCapacity, int SourceSectorSize, int DestinationSectorSize, int IoSize)
{
    /// <summary>Both devices must accept every I/O: extents are aligned to the larger sector.</summary>
    public int Alignment => Math.Max(SourceSectorSize, DestinationSectorSize);
}

/// <summary>
/// Builds the copy plan from the source's list of allocated blocks (DESIGN §6), or — when the
/// source cannot list them — plans the whole volume, whose zero chunks the copier skips.
/// </summary>
public static class CopyPlanner
{
    /// <param name="allocated">Allocated blocks in source sectors; throws <see cref="AllocationUnknownException"/> when the source cannot tell.</param>
    /// <exception cref="CopyException">The list is out of order, overlaps or runs past the volume (permanent: it may be missing data).</exception>
    public static async Task<CopyPlan> PlanAsync(IAsyncEnumerable<BlockExtent> allocated, PlanGeometry geometry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(allocated);
        ArgumentNullException.ThrowIfNull(geometry);
        try
        {
            return CopyPlan.Create(await AlignedAsync(allocated, geometry, ct), geometry.SourceCapacity, geometry.IoSize, geometry.Alignment);
        }
        catch (AllocationUnknownException)
        {
            return FullScan(geometry);
        }
    }

    /// <summary>The whole volume, for a source whose allocated blocks cannot be trusted; the copier skips its zero chunks.</summary>
    public static CopyPlan FullScan(PlanGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return CopyPlan.Full(geometry.SourceCapacity, geometry.IoSize, geometry.Alignment);
    }

    private static async Task<List<ByteExtent>> AlignedAsync(IAsyncEnumerable<BlockExtent> allocated, PlanGeometry geometry, CancellationToken ct)
    {
        var sector = (ulong)geometry.SourceSectorSize;
        var blocks = (ulong)geometry.SourceCapacity / sector;
        var alignment = geometry.Alignment;
        var extents = new List<ByteExtent>();
        BlockExtent? previous = null;
        await foreach (var extent in allocated.WithCancellation(ct))
        {
            if (extent.Count == 0)
            {
                continue;
            }
            CheckIntegrity(extent, previous, blocks, sector);
            previous = extent;
            // Rounding outwards to the larger sector copies a few more source bytes, still the source's;
            // two extents rounded into the same sector merge (their order was checked above).
            var start = (long)(extent.Start * sector) / alignment * alignment;
            var end = Math.Min(geometry.SourceCapacity, ((long)(extent.End * sector) + alignment - 1) / alignment * alignment);
            if (extents.Count > 0 && extents[^1].End >= start)
            {
                extents[^1] = extents[^1] with { Length = end - extents[^1].Offset };
            }
            else
            {
                extents.Add(new ByteExtent(start, end - start));
            }
        }
        return extents;
    }

    /// <summary>A list that is out of order, overlapping or past the end may be missing data: refuse to copy from it (issue 12 item 7).</summary>
    private static void CheckIntegrity(BlockExtent extent, BlockExtent? previous, ulong blocks, ulong sector)
    {
        string? problem =
            extent.End < extent.Start || extent.End > blocks ? $"runs past the end of the volume ({blocks} blocks)"
            : previous is { } p && extent.Start < p.End ? $"{(extent.Start < p.Start ? "comes after" : "overlaps")} the extent before it, blocks [{p.Start}, {p.End})"
            : null;
        if (problem is not null)
        {
            var offset = extent.Start > long.MaxValue / sector ? long.MaxValue : (long)(extent.Start * sector);
            throw new CopyException(CopySide.Source, offset, isRetryable: false,
                $"the source's list of allocated blocks is unusable: extent at blocks [{extent.Start}, {extent.End}) (bytes from {offset}) {problem}; refusing to copy from a list that may miss data");
        }
    }
}
