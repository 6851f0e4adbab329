using NvmeTcp;

namespace Dms.Cloning.Tests.Support;

/// <summary>
/// A block device in memory for unit tests of the copy engine's own logic, with hooks to make an
/// I/O fail or hang at a chosen offset. Tests of the real data path use NVMe/TCP (see CopyOverNvmeTcpTests).
/// </summary>
internal sealed class MemoryBlockDevice(long capacity, int sectorSize = 4096) : IBlockDevice
{
    public byte[] Data { get; } = new byte[capacity];
    public int SectorSize => sectorSize;
    public long Capacity => capacity;
    public Guid NamespaceUuid { get; } = Guid.NewGuid();
    public int Flushes;
    private long _clock;
    public Func<long, Exception?>? FailReadAt { get; set; }
    public Func<long, Exception?>? FailWriteAt { get; set; }
    public Func<long, bool>? HangReadAt { get; set; }

    /// <summary>Every write (its offset and when it finished) and every flush (when it began), on one clock.</summary>
    public List<(long Offset, long Time)> WriteLog { get; } = [];
    public List<long> FlushLog { get; } = [];

    /// <summary>Ticks once per write and flush: lets a test order them against what it observed.</summary>
    public long Now => Interlocked.Read(ref _clock);

    public async ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct = default)
    {
        if (HangReadAt?.Invoke(offset) == true)
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        if (FailReadAt?.Invoke(offset) is { } error)
        {
            throw error;
        }
        Data.AsMemory((int)offset, buffer.Length).CopyTo(buffer);
    }

    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken ct = default)
    {
        if (FailWriteAt?.Invoke(offset) is { } error)
        {
            throw error;
        }
        data.CopyTo(Data.AsMemory((int)offset));
        lock (WriteLog)
        {
            WriteLog.Add((offset, Interlocked.Increment(ref _clock)));
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken ct = default)
    {
        Interlocked.Increment(ref Flushes);
        lock (WriteLog)
        {
            FlushLog.Add(Interlocked.Increment(ref _clock));
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask DeallocateAsync(long offset, long length, CancellationToken ct = default)
    {
        Data.AsSpan((int)offset, (int)length).Clear();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Fills the given ranges with seeded random bytes; everything else stays zero.</summary>
    public static MemoryBlockDevice WithData(long capacity, int seed, params (long Offset, int Length)[] ranges)
    {
        var device = new MemoryBlockDevice(capacity);
        var random = new Random(seed);
        foreach (var (offset, length) in ranges)
        {
            random.NextBytes(device.Data.AsSpan((int)offset, length));
        }
        return device;
    }
}
