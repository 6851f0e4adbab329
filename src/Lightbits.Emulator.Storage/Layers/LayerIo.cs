using System.Buffers;
using Lightbits.Emulator.Storage.Space;

namespace Lightbits.Emulator.Storage.Layers;

/// <summary>
/// The data path over a chain of layers (a top layer and its parents). Offsets and lengths are
/// validated by the caller. Chunks already in the top layer are written in place without locks;
/// only a chunk's first write to a layer (copy-on-write) takes that chunk's stripe lock.
/// </summary>
internal static class LayerIo
{
    /// <summary>Below this many chunks a deallocation visits each chunk instead of searching the maps.</summary>
    private const long DirectScanChunks = 4096;

    /// <summary>The layer whose data holds the chunk as seen from <paramref name="top"/>, or null when it reads zeros.</summary>
    public static Layer? Resolve(Layer? top, long chunk)
    {
        for (var layer = top; layer is not null; layer = layer.Parent)
        {
            switch (layer.Map.Get(chunk))
            {
                case ChunkState.Data:
                    return layer;
                case ChunkState.Zero:
                    return null;
            }
        }

        return null;
    }

    public static void Read(Layer top, long offset, Span<byte> destination)
    {
        int chunkSize = top.ChunkSize;
        while (!destination.IsEmpty)
        {
            long chunk = offset / chunkSize;
            var source = Resolve(top, chunk);
            // Coalesce neighbouring chunks served by the same layer into one read.
            int length = Math.Min(destination.Length, (int)(((chunk + 1) * chunkSize) - offset));
            while (length < destination.Length && Resolve(top, ++chunk) == source)
            {
                length = Math.Min(destination.Length, length + chunkSize);
            }

            var part = destination[..length];
            if (source is null)
            {
                part.Clear();
            }
            else
            {
                source.Data.Read(part, offset);
            }

            destination = destination[length..];
            offset += length;
        }
    }

    public static void Write(Layer top, long offset, ReadOnlySpan<byte> source, SpaceAccount space)
    {
        int chunkSize = top.ChunkSize;
        while (!source.IsEmpty)
        {
            long chunk = offset / chunkSize;
            int length = Math.Min(source.Length, (int)(((chunk + 1) * chunkSize) - offset));
            if (top.Map.Get(chunk) == ChunkState.Data)
            {
                while (length < source.Length && top.Map.Get(++chunk) == ChunkState.Data)
                {
                    length = Math.Min(source.Length, length + chunkSize);
                }

                top.Data.Write(source[..length], offset);
            }
            else
            {
                WriteNewChunk(top, chunk, (int)(offset - (chunk * chunkSize)), source[..length], space);
            }

            source = source[length..];
            offset += length;
        }
    }

    public static void Deallocate(Layer top, long offset, long length, SpaceAccount space)
    {
        int chunkSize = top.ChunkSize;
        long end = offset + length;
        long firstFull = (offset + chunkSize - 1) / chunkSize;
        long endFull = end / chunkSize;
        if (firstFull > endFull)
        {
            // Inside one chunk.
            ZeroPart(top, offset, (int)length, space);
            return;
        }

        if (offset < firstFull * chunkSize)
        {
            ZeroPart(top, offset, (int)((firstFull * chunkSize) - offset), space);
        }

        if (endFull * chunkSize < end && endFull >= firstFull)
        {
            ZeroPart(top, endFull * chunkSize, (int)(end - (endFull * chunkSize)), space);
        }

        if (endFull - firstFull <= DirectScanChunks)
        {
            for (long chunk = firstFull; chunk < endFull; chunk++)
            {
                DeallocateChunk(top, chunk, space);
            }

            return;
        }

        // Large ranges (a shrink of a 1 TiB volume) visit only chunks some layer knows about.
        for (long chunk = NextPresent(top, firstFull); chunk >= 0 && chunk < endFull; chunk = NextPresent(top, chunk + 1))
        {
            DeallocateChunk(top, chunk, space);
        }
    }

    private static long NextPresent(Layer top, long fromChunk)
    {
        long next = -1;
        for (var layer = top; layer is not null; layer = layer.Parent)
        {
            long candidate = layer.Map.NextPresent(fromChunk);
            if (candidate >= 0 && (next < 0 || candidate < next))
            {
                next = candidate;
            }
        }

        return next;
    }

    private static void DeallocateChunk(Layer top, long chunk, SpaceAccount space)
    {
        lock (top.StripeFor(chunk))
        {
            bool parentHasData = Resolve(top.Parent, chunk) is not null;
            var state = top.Map.Get(chunk);
            if (state == ChunkState.Data)
            {
                top.SetState(chunk, parentHasData ? ChunkState.Zero : ChunkState.Absent);
                space.Release(top.ChunkSize);
                top.Data.Release(chunk * top.ChunkSize, top.ChunkSize);
            }
            else if (state == ChunkState.Absent && parentHasData)
            {
                top.SetState(chunk, ChunkState.Zero);
            }
        }
    }

    /// <summary>Deallocating part of a chunk zeroes that part, if the chunk holds data at all.</summary>
    private static void ZeroPart(Layer top, long offset, int length, SpaceAccount space)
    {
        if (length == 0 || Resolve(top, offset / top.ChunkSize) is null)
        {
            return;
        }

        byte[] zeros = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Array.Clear(zeros, 0, length);
            Write(top, offset, zeros.AsSpan(0, length), space);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(zeros);
        }
    }

    private static void WriteNewChunk(Layer top, long chunk, int offsetInChunk, ReadOnlySpan<byte> source, SpaceAccount space)
    {
        int chunkSize = top.ChunkSize;
        long chunkOffset = chunk * chunkSize;
        lock (top.StripeFor(chunk))
        {
            var state = top.Map.Get(chunk);
            if (state == ChunkState.Data)
            {
                // Another writer allocated it while we waited.
                top.Data.Write(source, chunkOffset + offsetInChunk);
                return;
            }

            space.Reserve(chunkSize);
            try
            {
                if (source.Length == chunkSize)
                {
                    top.Data.Write(source, chunkOffset);
                }
                else
                {
                    byte[] buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
                    try
                    {
                        var whole = buffer.AsSpan(0, chunkSize);
                        var below = state == ChunkState.Zero ? null : Resolve(top.Parent, chunk);
                        if (below is null)
                        {
                            whole.Clear();
                        }
                        else
                        {
                            below.Data.Read(whole, chunkOffset);
                        }

                        source.CopyTo(whole[offsetInChunk..]);
                        top.Data.Write(whole, chunkOffset);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
            }
            catch
            {
                space.Release(chunkSize);
                throw;
            }

            top.SetState(chunk, ChunkState.Data);
        }
    }
}
