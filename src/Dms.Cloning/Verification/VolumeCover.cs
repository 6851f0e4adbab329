using Dms.Cloning.Planning;

namespace Dms.Cloning.Verification;

/// <summary>
/// The whole volume as I/O-sized pieces, the plan's chunks and its gaps alike, each piece knowing the
/// plan chunk it is (or -1 for a gap). Built from the plan's extents, so O(extents) like the plan.
/// </summary>
internal sealed class VolumeCover
{
    private readonly int[] _firstPlannedChunk; // per segment: the plan chunk it starts at, or -1 for a gap

    private VolumeCover(ChunkedExtents pieces, int[] firstPlannedChunk)
    {
        Pieces = pieces;
        _firstPlannedChunk = firstPlannedChunk;
    }

    public ChunkedExtents Pieces { get; }

    public static VolumeCover Of(CopyPlan plan)
    {
        var segments = plan.Extents.Select(e => (Extent: e, Planned: true)).Concat(plan.Gaps().Select(g => (Extent: g, Planned: false)))
            .OrderBy(s => s.Extent.Offset).ToArray();
        var firstPlanned = new int[segments.Length];
        var planned = 0;
        for (var i = 0; i < segments.Length; i++)
        {
            firstPlanned[i] = segments[i].Planned ? plan.Chunks.FirstChunkOf(planned++) : -1;
        }
        return new VolumeCover(new ChunkedExtents([.. segments.Select(s => s.Extent)], plan.Chunks.ChunkSize), firstPlanned);
    }

    /// <summary>Piece <paramref name="index"/> and the plan chunk it is, or -1 when it lies in a gap.</summary>
    public (ByteExtent Piece, int PlannedChunk) Locate(int index)
    {
        var (piece, segment) = Pieces.Locate(index);
        var first = _firstPlannedChunk[segment];
        return (piece, first < 0 ? -1 : first + (index - Pieces.FirstChunkOf(segment)));
    }
}
