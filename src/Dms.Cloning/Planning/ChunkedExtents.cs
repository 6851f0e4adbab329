namespace Dms.Cloning.Planning;

/// <summary>
/// Ordered extents cut into chunks of at most <c>chunkSize</c> bytes that never cross an extent,
/// addressed by chunk index without storing a chunk: memory is O(extents), so a plan over a huge
/// volume costs what its list of extents costs, not what its chunk count would.
/// </summary>
internal sealed class ChunkedExtents
{
    private readonly ByteExtent[] _extents;
    private readonly long[] _firstChunk; // chunk index each extent starts at, plus the total at the end
    private readonly long[] _bytesBefore; // bytes of the extents before each extent, plus the total at the end

    public ChunkedExtents(ByteExtent[] extents, int chunkSize)
    {
        _extents = extents;
        ChunkSize = chunkSize;
        _firstChunk = new long[extents.Length + 1];
        _bytesBefore = new long[extents.Length + 1];
        for (var i = 0; i < extents.Length; i++)
        {
            _firstChunk[i + 1] = _firstChunk[i] + ((extents[i].Length + chunkSize - 1) / chunkSize);
            _bytesBefore[i + 1] = _bytesBefore[i] + extents[i].Length;
        }
        if (_firstChunk[^1] > int.MaxValue)
        {
            throw new ArgumentException($"{_firstChunk[^1]} chunks of {chunkSize} bytes are too many for one plan; use a larger I/O size", nameof(chunkSize));
        }
    }

    public int ChunkSize { get; }

    public int Count => (int)_firstChunk[^1];

    public IReadOnlyList<ByteExtent> Extents => _extents;

    public ByteExtent this[int chunk] => Locate(chunk).Chunk;

    /// <summary>Bytes of all chunks before chunk <paramref name="chunk"/> (the total when it is <see cref="Count"/>).</summary>
    public long BytesBefore(int chunk)
    {
        if (chunk == Count)
        {
            return _bytesBefore[^1];
        }
        var (piece, extent) = Locate(chunk);
        return _bytesBefore[extent] + (piece.Offset - _extents[extent].Offset);
    }

    /// <summary>Index of the first chunk of extent <paramref name="extent"/>.</summary>
    public int FirstChunkOf(int extent) => (int)_firstChunk[extent];

    /// <summary>The chunk and the index of the extent it belongs to.</summary>
    public (ByteExtent Chunk, int Extent) Locate(int chunk)
    {
        if ((uint)chunk >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(chunk), $"chunk {chunk} is not in 0..{Count - 1}");
        }
        // The last extent whose first chunk is at or before this one.
        var found = Array.BinarySearch(_firstChunk, 0, _extents.Length, chunk);
        var extent = found >= 0 ? found : ~found - 1; // extents are never empty: no two share a first chunk
        var offset = _extents[extent].Offset + ((chunk - _firstChunk[extent]) * ChunkSize);
        return (new ByteExtent(offset, Math.Min(ChunkSize, _extents[extent].End - offset)), extent);
    }

    /// <summary>Index of the first chunk that ends after <paramref name="position"/>.</summary>
    public int FirstChunkEndingAfter(long position)
    {
        int low = 0, high = Count;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (this[mid].End <= position)
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
