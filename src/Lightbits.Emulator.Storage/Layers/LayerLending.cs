using Lightbits.Emulator.Storage.Space;

namespace Lightbits.Emulator.Storage.Layers;

/// <summary>
/// Zero-copy transfers over a chain of in-memory layers: a read lends the blocks that hold the
/// range (and a shared chunk of zeros for unwritten chunks) instead of copying them out; a write
/// of whole chunks is received into fresh blocks that then replace the chunks' data. Offsets and
/// lengths are validated by the caller. File layers lend nothing (callers copy instead).
/// </summary>
internal static class LayerLending
{
    /// <summary>The blocks holding [offset, offset + length) as seen from <paramref name="top"/>, lent; null when the layers keep their data in files.</summary>
    public static VolumeReadLease? TryLendForRead(Layer top, long offset, int length)
    {
        if (top.Data is not MemoryLayerData topData)
        {
            return null;
        }

        int chunkSize = top.ChunkSize;
        List<ArraySegment<byte>> segments = [];
        List<ChunkBlock> lent = [];
        while (length > 0)
        {
            long chunk = offset / chunkSize;
            int inChunk = (int)(offset % chunkSize);
            int count = Math.Min(length, chunkSize - inChunk);
            // A store's layers all keep data the same way, so the cast holds for every layer below.
            var block = LayerIo.Resolve(top, chunk) is { } source ? ((MemoryLayerData)source.Data).Lend(chunk) : null;
            if (block is null)
            {
                segments.Add(new ArraySegment<byte>(topData.Arena.Zeros, inChunk, count));
            }
            else
            {
                lent.Add(block);
                segments.Add(block.Whole.Slice(inChunk, count));
            }

            offset += count;
            length -= count;
        }

        return new VolumeReadLease(segments, lent);
    }

    /// <summary>Fresh blocks for a write of [offset, offset + length), one per chunk; null unless the range is whole chunks of in-memory layers.</summary>
    public static ChunkBlock[]? TryRentForWrite(Layer top, long offset, long length)
    {
        int chunkSize = top.ChunkSize;
        if (top.Data is not MemoryLayerData topData || length == 0 || offset % chunkSize != 0 || length % chunkSize != 0)
        {
            return null;
        }

        var blocks = new ChunkBlock[length / chunkSize];
        for (int i = 0; i < blocks.Length; i++)
        {
            blocks[i] = topData.Arena.Rent();
        }

        return blocks;
    }

    /// <summary>
    /// Makes the filled <paramref name="blocks"/> the data of the chunks from <paramref name="offset"/>
    /// on, in order, like <see cref="LayerIo.Write"/> (space for chunks new to the top layer is reserved
    /// first). Each adopted block's slot is cleared, so on <see cref="OutOfSpaceException"/> the
    /// caller still owns exactly the blocks not written.
    /// </summary>
    public static void Commit(Layer top, long offset, ChunkBlock?[] blocks, SpaceAccount space)
    {
        var data = (MemoryLayerData)top.Data;
        long firstChunk = offset / top.ChunkSize;
        for (int i = 0; i < blocks.Length; i++)
        {
            long chunk = firstChunk + i;
            var block = blocks[i] ?? throw new InvalidOperationException("A lent write was committed twice.");
            lock (top.StripeFor(chunk))
            {
                if (top.Map.Get(chunk) == ChunkState.Data)
                {
                    data.Adopt(chunk, block);
                }
                else
                {
                    space.Reserve(top.ChunkSize);
                    data.Adopt(chunk, block);
                    top.SetState(chunk, ChunkState.Data);
                }

                blocks[i] = null;
            }
        }
    }
}
