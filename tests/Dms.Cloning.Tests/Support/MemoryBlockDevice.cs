using Dms.Cloning.Devices;

namespace Dms.Cloning.Tests.Support;

/// <summary>
/// A block device in memory for unit tests of the copy engine's own logic, with hooks that run before
/// each read or write (to fail it, or hold it until the test lets it go). Tests of the real data path
/// use NVMe/TCP (Dms.Service.Tests/Cloning/NvmeVolumeTests).
/// </summary>
internal sealed class MemoryBlockDevice(long capacity, int sectorSize = 4096) : IBlockDevice
{
    private long _clock;
    private int _reconnects;

    public byte[] Data { get; } = new byte[capacity];
    public int SectorSize => sectorSize;
    public long Capacity => capacity;

    /// <summary>Runs before a read at the given offset; throw to fail it, await to hold it.</summary>
    public Func<long, CancellationToken, ValueTask>? BeforeRead { get; set; }

    public Func<long, CancellationToken, ValueTask>? BeforeWrite { get; set; }

    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>Every write (its offset and when it finished) and every flush (when it began), on one clock.</summary>
    public List<(long Offset, long Time)> WriteLog { get; } = [];
    public List<long> FlushLog { get; } = [];

    /// <summary>Ticks once per write and flush: lets a test order them against what it observed.</summary>
    public long Now => Interlocked.Read(ref _clock);

    public async ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct = default)
    {
        if (BeforeRead is { } hook)
        {
            await hook(offset, ct);
        }
        Data.AsMemory((int)offset, buffer.Length).CopyTo(buffer);
    }

    public async ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken ct = default)
    {
        if (BeforeWrite is { } hook)
        {
            await hook(offset, ct);
        }
        data.CopyTo(Data.AsMemory((int)offset));
        lock (WriteLog)
        {
            WriteLog.Add((offset, Interlocked.Increment(ref _clock)));
        }
    }

    public ValueTask FlushAsync(CancellationToken ct = default)
    {
        lock (WriteLog)
        {
            FlushLog.Add(Interlocked.Increment(ref _clock));
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask ReconnectAsync(CancellationToken ct = default)
    {
        Interlocked.Increment(ref _reconnects);
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
