using System.Collections.Concurrent;

namespace Lightbits.Emulator.Storage.Layers;

/// <summary>
/// A layer's data in RAM, one arena block per written chunk; nothing survives the process. Reads
/// and writes share a lock that releasing or replacing a chunk's block takes exclusively, so a
/// block is never handed to another layer (and another volume's data) while a read or write is
/// still copying through it. Blocks lent for a transfer outlive the lock by their reference count.
/// </summary>
internal sealed class MemoryLayerData(ChunkArena arena) : ILayerData
{
    private readonly ConcurrentDictionary<long, ChunkBlock> _blocks = new();
    private readonly ReaderWriterLockSlim _releaseLock = new(LockRecursionPolicy.NoRecursion);
    private readonly int _chunkSize = arena.ChunkSize;

    public ChunkArena Arena => arena;

    public void Write(ReadOnlySpan<byte> data, long offset)
    {
        _releaseLock.EnterReadLock();
        try
        {
            while (!data.IsEmpty)
            {
                long chunk = offset / _chunkSize;
                int inChunk = (int)(offset % _chunkSize);
                int length = Math.Min(data.Length, _chunkSize - inChunk);
                if (_blocks.TryGetValue(chunk, out var block))
                {
                    data[..length].CopyTo(block.Span[inChunk..]);
                }
                else
                {
                    AddBlock(chunk, inChunk, data[..length]);
                }

                data = data[length..];
                offset += length;
            }
        }
        finally
        {
            _releaseLock.ExitReadLock();
        }
    }

    public void Read(Span<byte> destination, long offset)
    {
        _releaseLock.EnterReadLock();
        try
        {
            while (!destination.IsEmpty)
            {
                long chunk = offset / _chunkSize;
                int inChunk = (int)(offset % _chunkSize);
                int length = Math.Min(destination.Length, _chunkSize - inChunk);
                if (_blocks.TryGetValue(chunk, out var block))
                {
                    block.Span.Slice(inChunk, length).CopyTo(destination);
                }
                else
                {
                    destination[..length].Clear();
                }

                destination = destination[length..];
                offset += length;
            }
        }
        finally
        {
            _releaseLock.ExitReadLock();
        }
    }

    /// <summary>The block holding <paramref name="chunk"/> with a reference for the caller to release, or null when the chunk has none (it reads as zeros).</summary>
    public ChunkBlock? Lend(long chunk)
    {
        _releaseLock.EnterReadLock();
        try
        {
            if (!_blocks.TryGetValue(chunk, out var block))
            {
                return null;
            }

            block.AddReference();
            return block;
        }
        finally
        {
            _releaseLock.ExitReadLock();
        }
    }

    /// <summary>
    /// Makes <paramref name="block"/> (filled with the whole chunk, its reference passing to this
    /// layer) the data of <paramref name="chunk"/>, in place of any block the chunk had. The caller
    /// holds the chunk's stripe lock, as for any first write of a chunk.
    /// </summary>
    public void Adopt(long chunk, ChunkBlock block)
    {
        _releaseLock.EnterReadLock();
        try
        {
            if (_blocks.TryAdd(chunk, block))
            {
                return;
            }
        }
        finally
        {
            _releaseLock.ExitReadLock();
        }

        // Replacing: no write may still be copying into the old block when it goes back to the arena.
        _releaseLock.EnterWriteLock();
        try
        {
            var replaced = _blocks[chunk];
            _blocks[chunk] = block;
            replaced.Release();
        }
        finally
        {
            _releaseLock.ExitWriteLock();
        }
    }

    public void Release(long offset, long length)
    {
        _releaseLock.EnterWriteLock();
        try
        {
            for (long chunk = offset / _chunkSize; chunk < (offset + length) / _chunkSize; chunk++)
            {
                if (_blocks.TryRemove(chunk, out var block))
                {
                    block.Release();
                }
            }
        }
        finally
        {
            _releaseLock.ExitWriteLock();
        }
    }

    public void Flush()
    {
        // Nothing outlives the process, so everything written is as durable as it gets.
    }

    public void Delete()
    {
        _releaseLock.EnterWriteLock();
        try
        {
            foreach (var block in _blocks.Values)
            {
                block.Release();
            }

            _blocks.Clear();
        }
        finally
        {
            _releaseLock.ExitWriteLock();
        }

        Dispose();
    }

    public void Dispose() => _releaseLock.Dispose();

    /// <summary>
    /// Fills a recycled block before publishing it: a reader that resolved this chunk before it was
    /// deallocated may look it up at any moment, and must find zeros or these bytes, never what
    /// the block held for another layer.
    /// </summary>
    private void AddBlock(long chunk, int inChunk, ReadOnlySpan<byte> data)
    {
        var fresh = arena.Rent();
        if (data.Length != _chunkSize)
        {
            // Not reached through LayerIo (a first write covers the chunk); the rest must read as zeros.
            fresh.Span.Clear();
        }

        data.CopyTo(fresh.Span[inChunk..]);
        if (!_blocks.TryAdd(chunk, fresh))
        {
            fresh.Release();
            data.CopyTo(_blocks[chunk].Span[inChunk..]);
        }
    }
}
