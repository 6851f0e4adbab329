using Lightbits.Emulator.Storage.Layers;

namespace Lightbits.Emulator.Storage.ChangedBlocks;

/// <summary>
/// Which chunks of a snapshot count as changed, merged 64 chunks at a time over its chain of layers:
/// a chunk holds data if the topmost layer that knows it has Data (Zero = deallocated, no data);
/// with a base layer, it must also have been written or deallocated in a layer above the base.
/// </summary>
internal sealed class ChangedChunkView(Layer top, Layer? baseLayer)
{
    private long _cachedWord = -1;
    private ulong _cachedBits;

    public bool IsChanged(long chunk) => (Word(chunk >> 6) & (1UL << (int)(chunk & 63))) != 0;

    /// <summary>The first changed chunk in [<paramref name="fromChunk"/>, <paramref name="endChunk"/>), or -1.</summary>
    public long NextChanged(long fromChunk, long endChunk)
    {
        long lastWord = Math.Min((endChunk - 1) >> 6, MaxWord());
        for (long w = fromChunk >> 6; w <= lastWord; w++)
        {
            ulong bits = Word(w);
            if (w == fromChunk >> 6)
            {
                bits &= ~0UL << (int)(fromChunk & 63);
            }

            if (bits != 0)
            {
                long chunk = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                return chunk < endChunk ? chunk : -1;
            }
        }

        return -1;
    }

    private long MaxWord()
    {
        long words = 0;
        for (var layer = top; layer is not null; layer = layer.Parent)
        {
            words = Math.Max(words, layer.Map.WordCount);
        }

        return words - 1;
    }

    private ulong Word(long w)
    {
        if (w == _cachedWord)
        {
            return _cachedBits;
        }

        ulong data = 0, decided = 0, touched = 0;
        bool aboveBase = true;
        for (var layer = top; layer is not null && decided != ~0UL; layer = layer.Parent)
        {
            if (layer == baseLayer)
            {
                if (touched == 0)
                {
                    break;
                }

                aboveBase = false;
            }

            ulong layerData = layer.Map.DataWord(w);
            ulong layerKnown = layerData | layer.Map.ZeroWord(w);
            data |= layerData & ~decided;
            decided |= layerKnown;
            if (aboveBase)
            {
                touched |= layerKnown;
            }
        }

        _cachedWord = w;
        _cachedBits = baseLayer is null ? data : data & touched;
        return _cachedBits;
    }
}
