namespace Dms.Cloning.Planning;

/// <summary>
/// The extents to copy, in volume order, cut into I/O-sized chunks that never cross an extent.
/// Chunk i's position in the plan orders the watermark: all chunks before it are done. What the plan
/// leaves out (its gaps) the source holds as zeros, and so does a new destination.
/// </summary>
public sealed class CopyPlan
{
    private CopyPlan(ChunkedExtents chunks, long logicalTotal, bool isFullScan)
    {
        Chunks = chunks;
        LogicalTotal = logicalTotal;
        IsFullScan = isFullScan;
        PlannedBytes = chunks.Extents.Sum(e => e.Length);
    }

    public int ChunkCount => Chunks.Count;

    /// <summary>The volume size the copy covers.</summary>
    public long LogicalTotal { get; }

    /// <summary>The bytes the copy reads: the work its percent and ETA are of.</summary>
    public long PlannedBytes { get; }

    /// <summary>The source could not list its allocated blocks, so the plan is the whole volume.</summary>
    public bool IsFullScan { get; }

    public IReadOnlyList<ByteExtent> Extents => Chunks.Extents;

    public ByteExtent this[int chunk] => Chunks[chunk];

    internal ChunkedExtents Chunks { get; }

    /// <param name="extents">Sorted, non-overlapping, sector-aligned byte ranges holding data.</param>
    /// <param name="logicalTotal">Size of the source volume.</param>
    public static CopyPlan Create(IEnumerable<ByteExtent> extents, long logicalTotal, int ioSize, int sectorSize) =>
        Create(extents, logicalTotal, ioSize, sectorSize, isFullScan: false);

    /// <summary>The whole volume, for a full scan when the source cannot list allocated blocks.</summary>
    public static CopyPlan Full(long logicalTotal, int ioSize, int sectorSize) =>
        Create(logicalTotal == 0 ? [] : [new ByteExtent(0, logicalTotal)], logicalTotal, ioSize, sectorSize, isFullScan: true);

    /// <summary>Index of the first chunk at or after <paramref name="watermark"/> (resume point).</summary>
    public int FirstChunkAtOrAfter(long watermark) => Chunks.FirstChunkEndingAfter(watermark);

    /// <summary>The ranges the plan skips: the complement of its extents within the volume.</summary>
    public IEnumerable<ByteExtent> Gaps()
    {
        var position = 0L;
        foreach (var extent in Extents)
        {
            if (extent.Offset > position)
            {
                yield return new ByteExtent(position, extent.Offset - position);
            }
            position = extent.End;
        }
        if (position < LogicalTotal)
        {
            yield return new ByteExtent(position, LogicalTotal - position);
        }
    }

    private static CopyPlan Create(IEnumerable<ByteExtent> extents, long logicalTotal, int ioSize, int sectorSize, bool isFullScan)
    {
        ArgumentNullException.ThrowIfNull(extents);
        var checkedExtents = new List<ByteExtent>();
        var previousEnd = 0L;
        foreach (var extent in extents)
        {
            if (extent.Offset < previousEnd || extent.Length <= 0 || extent.End > logicalTotal)
            {
                throw new ArgumentException($"extent [{extent.Offset}, {extent.End}) overlaps, is empty, is out of order or lies past the volume end {logicalTotal}", nameof(extents));
            }
            if (extent.Offset % sectorSize != 0 || extent.Length % sectorSize != 0)
            {
                throw new ArgumentException($"extent [{extent.Offset}, {extent.End}) is not aligned to the sector size {sectorSize}", nameof(extents));
            }
            checkedExtents.Add(extent);
            previousEnd = extent.End;
        }
        return new CopyPlan(new ChunkedExtents([.. checkedExtents], ioSize), logicalTotal, isFullScan);
    }
}
