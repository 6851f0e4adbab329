using Dms.Cloning.Copy;
using Dms.Cloning.Devices;
using Dms.Cloning.Planning;
using Dms.Cloning.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Dms.Cloning.Tests.Copy;

public sealed class BlockCopierTests
{
    private const long Size = 32 << 20;
    private readonly FakeTimeProvider _time = new();
    private readonly CopyOptions _options;

    public BlockCopierTests() => _options = new() { IoSize = 256 << 10, Depth = 8, ProgressInterval = TimeSpan.FromSeconds(1), Time = _time, ReconnectAttempts = 0 };

    private static MemoryBlockDevice Source() =>
        MemoryBlockDevice.WithData(Size, seed: 1, (0, 3 << 20), (5 << 20, 4096), (20 << 20, 6 << 20));

    private CopyPlan FullPlan() => CopyPlan.Full(Size, _options.IoSize, 4096);

    /// <summary>Holds the read at <paramref name="offset"/> until the test lets it go: <c>Reached</c> says it got there.</summary>
    private static Gate HoldReadAt(MemoryBlockDevice device, long offset)
    {
        var gate = new Gate();
        device.BeforeRead = async (at, ct) =>
        {
            if (at == offset)
            {
                gate.Reached.TrySetResult();
                await gate.Release.Task.WaitAsync(ct);
            }
        };
        return gate;
    }

    private sealed class Gate
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [Fact]
    public async Task Copy_MakesTheDestinationEqualToTheSource_WritingOnlyChunksWithData()
    {
        var source = Source();
        var destination = new MemoryBlockDevice(Size);

        var result = await new BlockCopier(source, destination, FullPlan(), _options).RunAsync(0, null, default);

        Assert.Equal(source.Data, destination.Data);
        Assert.Equal(Size, result.BytesRead);
        Assert.Equal((3L << 20) + (256 << 10) + (6L << 20), result.BytesWritten);
        Assert.Equal(100, result.Percent);
        Assert.Equal(Size, result.Watermark);
    }

    [Fact]
    public async Task Copy_FromChangedExtents_ReadsOnlyThem()
    {
        var source = Source();
        var destination = new MemoryBlockDevice(Size);
        var plan = CopyPlan.Create([new ByteExtent(0, 3 << 20), new ByteExtent(5 << 20, 4096), new ByteExtent(20 << 20, 6 << 20)], Size, _options.IoSize, 4096);

        var result = await new BlockCopier(source, destination, plan, _options).RunAsync(0, null, default);

        Assert.Equal(source.Data, destination.Data);
        Assert.Equal(plan.PlannedBytes, result.BytesRead);
    }

    [Fact]
    public async Task Copy_CountsTheBytesItWrites_ForTheHostsMetrics()
    {
        var metrics = new CountingMetrics();

        var result = await new BlockCopier(Source(), new MemoryBlockDevice(Size), FullPlan(), _options, metrics: metrics).RunAsync(0, null, default);

        Assert.Equal(result.BytesWritten, metrics.Bytes);
    }

    [Fact]
    public async Task PublishedWatermark_NeverRunsAheadOfAFlush()
    {
        var source = Source();
        var destination = new MemoryBlockDevice(Size);
        var gate = HoldReadAt(source, 16 << 20);
        var midCopy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var published = new List<(long Watermark, long At)>();
        var copy = new BlockCopier(source, destination, FullPlan(), _options).RunAsync(0, p =>
        {
            lock (published)
            {
                published.Add((p.Watermark, destination.Now));
            }
            if (p.Watermark > 0 && p.Watermark < Size)
            {
                midCopy.TrySetResult();
            }
            return ValueTask.CompletedTask;
        }, default);

        await gate.Reached.Task;
        _time.Advance(_options.ProgressInterval);
        await midCopy.Task;
        gate.Release.SetResult();
        await copy;

        foreach (var (watermark, at) in published)
        {
            // Every write below the watermark finished before a flush that began before the watermark was published.
            var lastWriteBelow = destination.WriteLog.Where(w => w.Offset < watermark).Select(w => w.Time).DefaultIfEmpty(0).Max();
            Assert.True(lastWriteBelow == 0 || destination.FlushLog.Any(f => f > lastWriteBelow && f <= at),
                $"watermark {watermark} was published at {at} with no flush after its last write at {lastWriteBelow}");
        }
    }

    [Fact]
    public async Task Progress_OfASparsePlan_CountsPlannedBytes_NotPositionsInTheVolume()
    {
        var source = Source();
        var plan = CopyPlan.Create([new ByteExtent(0, 3 << 20), new ByteExtent(5 << 20, 4096), new ByteExtent(20 << 20, 6 << 20)], Size, _options.IoSize, 4096);
        // One I/O at a time, held at the start of the last extent: 62 % into the volume, but only a third of the data read.
        var gate = HoldReadAt(source, 20 << 20);
        var midCopy = new TaskCompletionSource<CopyProgress>(TaskCreationOptions.RunContinuationsAsynchronously);
        var copy = new BlockCopier(source, new MemoryBlockDevice(Size), plan, _options with { Depth = 1 }).RunAsync(0, p =>
        {
            midCopy.TrySetResult(p);
            return ValueTask.CompletedTask;
        }, default);

        await gate.Reached.Task;
        _time.Advance(_options.ProgressInterval);
        var progress = await midCopy.Task;
        gate.Release.SetResult();
        var done = await copy;

        Assert.Equal(plan.PlannedBytes, progress.PlannedTotal);
        Assert.Equal(Size, progress.LogicalTotal);
        Assert.Equal((3L << 20) + 4096, progress.PlannedDone);
        Assert.Equal(33, progress.Percent);
        Assert.Equal(plan.PlannedBytes, done.PlannedDone);
        Assert.Equal(100, done.Percent);
    }

    [Fact]
    public async Task SourceFailsMidway_RetryableError_AndResumingFromThePublishedCheckpointFinishesTheCopy()
    {
        var source = Source();
        var destination = new MemoryBlockDevice(Size);
        var failAt = 22L << 20;
        var gate = HoldReadAt(source, failAt);
        var checkpointPublished = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var copy = new BlockCopier(source, destination, FullPlan(), _options).RunAsync(0, p =>
        {
            if (p.Watermark > 0)
            {
                checkpointPublished.TrySetResult(p.Watermark);
            }
            return ValueTask.CompletedTask;
        }, default);

        await gate.Reached.Task;
        _time.Advance(_options.ProgressInterval);
        var checkpoint = await checkpointPublished.Task;
        gate.Release.SetException(new BlockDeviceException("connection reset", isRetryable: true));
        var error = await Assert.ThrowsAsync<CopyException>(() => copy);

        Assert.Equal(CopySide.Source, error.Side);
        Assert.True(error.IsRetryable);
        Assert.Equal(failAt, error.Offset);
        Assert.InRange(checkpoint, 1, failAt);
        source.BeforeRead = null;
        var resumed = await new BlockCopier(source, destination, FullPlan(), _options).RunAsync(checkpoint, null, default);
        Assert.Equal(source.Data, destination.Data);
        Assert.Equal(Size - checkpoint, resumed.BytesRead);
    }

    [Fact]
    public async Task SourceConnectionLostOnce_CopyReconnectsTheSourceAndFinishes()
    {
        var source = Source();
        var destination = new MemoryBlockDevice(Size);
        var failed = 0;
        source.BeforeRead = (offset, _) => offset == 8 << 20 && Interlocked.Exchange(ref failed, 1) == 0
            ? throw new IOException("connection reset by peer")
            : ValueTask.CompletedTask;

        await new BlockCopier(source, destination, FullPlan(), _options with { ReconnectAttempts = 3 }).RunAsync(0, null, default);

        Assert.Equal(1, source.Reconnects);
        Assert.Equal(0, destination.Reconnects);
        Assert.Equal(source.Data, destination.Data);
    }

    [Fact]
    public async Task DestinationOutOfSpace_IsNotRetryable_AndNotReconnected()
    {
        var source = Source();
        var destination = new MemoryBlockDevice(Size)
        {
            BeforeWrite = (offset, _) => offset >= 20 << 20 ? throw new BlockDeviceException("capacity exceeded (0x81)", isRetryable: false) : ValueTask.CompletedTask,
        };

        var error = await Assert.ThrowsAsync<CopyException>(() => new BlockCopier(source, destination, FullPlan(), _options with { ReconnectAttempts = 3 }).RunAsync(0, null, default));

        Assert.Equal(CopySide.Destination, error.Side);
        Assert.False(error.IsRetryable);
        Assert.Equal(0, destination.Reconnects);
    }

    [Fact]
    public async Task StalledRead_IsDetected_AsARetryableError()
    {
        var source = Source();
        var gate = HoldReadAt(source, 4 << 20);
        var copy = new BlockCopier(source, new MemoryBlockDevice(Size), FullPlan(), _options).RunAsync(0, null, default);

        await gate.Reached.Task;
        _time.Advance(_options.StallTimeout);

        var error = await Assert.ThrowsAsync<CopyException>(() => copy);
        Assert.True(error.IsRetryable);
        Assert.Contains("no progress", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_StopsTheCopy()
    {
        var source = Source();
        var gate = HoldReadAt(source, 8 << 20);
        using var cancel = new CancellationTokenSource();
        var copy = new BlockCopier(source, new MemoryBlockDevice(Size), FullPlan(), _options).RunAsync(0, null, cancel.Token);

        await gate.Reached.Task;
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => copy);
    }

    [Fact]
    public async Task DestinationSmallerThanTheSource_IsRefusedBeforeCopying()
    {
        var error = await Assert.ThrowsAsync<CopyException>(() => new BlockCopier(Source(), new MemoryBlockDevice(Size / 2), FullPlan(), _options).RunAsync(0, null, default));
        Assert.False(error.IsRetryable);
    }

    private sealed class CountingMetrics : ICopyMetrics
    {
        private long _bytes;

        public long Bytes => Interlocked.Read(ref _bytes);

        public void AddBytesCopied(long bytes) => Interlocked.Add(ref _bytes, bytes);

        public void CountReconnect(CopySide side)
        {
        }
    }
}
