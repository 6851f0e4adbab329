namespace NvmeTcp.Target;

/// <summary>A namespace held in one pre-allocated array: for tests, benchmarks and small emulated volumes.</summary>
public sealed class InMemoryNamespaceBackend : INamespaceBackend
{
    private readonly byte[] _data;

    public InMemoryNamespaceBackend(long blockCount, int blockSize = 4096, Guid? uuid = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockCount);
        if (blockSize < 512 || !System.Numerics.BitOperations.IsPow2(blockSize))
        {
            throw new ArgumentOutOfRangeException(nameof(blockSize), "Block size must be a power of two ≥ 512.");
        }

        BlockCount = blockCount;
        BlockSize = blockSize;
        Uuid = uuid ?? Guid.NewGuid();
        _data = GC.AllocateUninitializedArray<byte>(checked((int)(blockCount * blockSize)));
        Array.Clear(_data);
    }

    public long BlockCount { get; }
    public int BlockSize { get; }
    public Guid Uuid { get; }

    /// <summary>The backing bytes, for tests that compare against a model.</summary>
    public Memory<byte> Contents => _data;

    public ValueTask ReadAsync(long lba, Memory<byte> dst, CancellationToken ct)
    {
        _data.AsSpan(Offset(lba, dst.Length), dst.Length).CopyTo(dst.Span);
        return ValueTask.CompletedTask;
    }

    public ValueTask WriteAsync(long lba, ReadOnlyMemory<byte> src, CancellationToken ct)
    {
        src.Span.CopyTo(_data.AsSpan(Offset(lba, src.Length)));
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken ct) => ValueTask.CompletedTask;

    public ValueTask DeallocateAsync(long lba, long blocks, CancellationToken ct)
    {
        _data.AsSpan(Offset(lba, blocks * BlockSize), checked((int)(blocks * BlockSize))).Clear();
        return ValueTask.CompletedTask;
    }

    private int Offset(long lba, long length)
    {
        long offset = lba * BlockSize;
        if (lba < 0 || offset + length > _data.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(lba), $"LBA {lba} + {length} bytes is outside the namespace.");
        }

        return (int)offset;
    }
}
