using System.Collections.Concurrent;

namespace Lightbits.Emulator.Storage.Layers;

/// <summary>
/// A layer's data in RAM, one arena block per written chunk; nothing survives the process. Reads
/// and writes share a lock that releasing chunks takes exclusively, so a block is never handed to
/// another layer (and another volume's data) while a read is still copying out of it.
/// </summary>
internal sealed class MemoryLayerData(ChunkArena arena) : ILayerData
{
    private readonly ConcurrentDictionary<long, byte[]> _blocks = new();
    private readonly ReaderWriterLockSlim _releaseLock = new(LockRecursionPolicy.NoRecursion);
    private readonly int _chunkSize = arena.ChunkSize;

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
                    data[..length].CopyTo(block.AsSpan(inChunk));
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
                    block.AsSpan(inChunk, length).CopyTo(destination);
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

    public void Release(long offset, long length)
    {
        _releaseLock.EnterWriteLock();
        try
        {
            for (long chunk = offset / _chunkSize; chunk < (offset + length) / _chunkSize; chunk++)
            {
                if (_blocks.TryRemove(chunk, out var block))
                {
                    arena.Return(block);
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
                arena.Return(block);
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
            Array.Clear(fresh);
        }

        data.CopyTo(fresh.AsSpan(inChunk));
        if (!_blocks.TryAdd(chunk, fresh))
        {
            arena.Return(fresh);
            data.CopyTo(_blocks[chunk].AsSpan(inChunk));
        }
    }
}
