namespace Dms.Cloning.Copy;

/// <summary>
/// The extents to copy cut into I/O-sized chunks that never cross an extent, in volume order. Chunk
/// i's position in the plan orders the watermark: all chunks before it are done.
/// </summary>
public sealed class CopyPlan
{
    private readonly ByteExtent[] _chunks;

    private CopyPlan(ByteExtent[] chunks, long logicalTotal)
    {
        _chunks = chunks;
        LogicalTotal = logicalTotal;
    }

    public int ChunkCount => _chunks.Length;

    /// <summary>The volume size the copy covers (percent and ETA are of it).</summary>
    public long LogicalTotal { get; }

    public long PlannedBytes => _chunks.Sum(c => c.Length);

    public ByteExtent this[int index] => _chunks[index];

    /// <param name="extents">Sorted, non-overlapping, sector-aligned byte ranges holding data.</param>
    /// <param name="logicalTotal">Size of the source volume.</param>
    public static CopyPlan Create(IEnumerable<ByteExtent> extents, long logicalTotal, int ioSize, int sectorSize)
    {
        ArgumentNullException.ThrowIfNull(extents);
        var chunks = new List<ByteExtent>();
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
            for (var offset = extent.Offset; offset < extent.End; offset += ioSize)
            {
                chunks.Add(new ByteExtent(offset, Math.Min(ioSize, extent.End - offset)));
            }
            previousEnd = extent.End;
        }
        return new CopyPlan([.. chunks], logicalTotal);
    }

    /// <summary>The whole volume, for a full scan when the cluster cannot list allocated blocks.</summary>
    public static CopyPlan Full(long logicalTotal, int ioSize, int sectorSize) =>
        Create(logicalTotal == 0 ? [] : [new ByteExtent(0, logicalTotal)], logicalTotal, ioSize, sectorSize);

    /// <summary>Index of the first chunk at or after <paramref name="watermark"/> (resume point).</summary>
    public int FirstChunkAtOrAfter(long watermark)
    {
        int low = 0, high = _chunks.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (_chunks[mid].End <= watermark)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }
}
