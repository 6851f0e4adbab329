using Lightbits.Emulator.Storage.Layers;

namespace Lightbits.Emulator.Storage;

/// <summary>
/// Fresh memory for a write of whole chunks, from <see cref="IVolumeHandle.TryLendForWrite"/>: fill
/// <see cref="Segments"/>, then <see cref="Commit"/> makes them the volume's data. Disposed without a
/// commit the write never happened; after a failed commit (out of space) the chunks committed before
/// the failure stay written, as with <see cref="IVolumeHandle.Write"/>.
/// </summary>
public sealed class VolumeWriteLease : IDisposable
{
    private readonly Volume _volume;
    private readonly long _offset;
    private readonly ChunkBlock?[] _blocks;

    internal VolumeWriteLease(Volume volume, long offset, ChunkBlock[] blocks)
    {
        _volume = volume;
        _offset = offset;
        _blocks = blocks;
        Segments = [.. blocks.Select(b => b.Whole)];
    }

    /// <summary>One whole chunk per segment, in order from the write's offset.</summary>
    public IReadOnlyList<ArraySegment<byte>> Segments { get; }

    /// <summary>Writes the filled segments; throws <see cref="OutOfSpaceException"/> when new space would exceed the store's capacity.</summary>
    public void Commit() => _volume.CommitLent(_offset, _blocks);

    public void Dispose()
    {
        for (int i = 0; i < _blocks.Length; i++)
        {
            _blocks[i]?.Release();
            _blocks[i] = null;
        }
    }
}
