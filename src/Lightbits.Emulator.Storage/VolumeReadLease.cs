using Lightbits.Emulator.Storage.Layers;

namespace Lightbits.Emulator.Storage;

/// <summary>
/// The memory holding a range of a volume, lent for one transfer by
/// <see cref="IVolumeHandle.TryLendForRead"/>. Until disposed no block in it goes to other data,
/// even if the volume deallocates, overwrites by a lent write, or deletes those chunks meanwhile.
/// </summary>
public sealed class VolumeReadLease : IDisposable
{
    private readonly List<ChunkBlock> _lent;

    internal VolumeReadLease(List<ArraySegment<byte>> segments, List<ChunkBlock> lent)
    {
        Segments = segments;
        _lent = lent;
    }

    /// <summary>The range's bytes in order.</summary>
    public IReadOnlyList<ArraySegment<byte>> Segments { get; }

    public void Dispose()
    {
        foreach (var block in _lent)
        {
            block.Release();
        }

        _lent.Clear();
    }
}
