using Dms.Cloning.Copy;
using Dms.Cloning.Tests.Support;
using Dms.Cloning.Verification;
using NvmeTcp.Host;
using NvmeTcp.Nvme;

namespace Dms.Cloning.Tests.Copy;

public sealed class BlockCopierTests
{
    private const long Size = 32 << 20;
    private static readonly CopyOptions Fast = new() { IoSize = 256 << 10, Depth = 8, ProgressInterval = TimeSpan.FromMilliseconds(5) };

    private static MemoryBlockDevice Source() =>
        MemoryBlockDevice.WithData(Size, seed: 1, (0, 3 << 20), (5 << 20, 4096), (20 << 20, 6 << 20));

    private static CopyPlan FullPlan() => CopyPlan.Full(Size, Fast.IoSize, 4096);

    [Fact]
    public async Task Copy_MakesTheDestinationEqualToTheSource_WritingOnlyChunksWithData()
    {
        var source = Source();
        var destination = new MemoryBlockDevice(Size);

        var result = await new BlockCopier(source, destination, FullPlan(), Fast).RunAsync(0, null, default);

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
        var plan = CopyPlan.Create([new ByteExtent(0, 3 << 20), new ByteExtent(5 << 20, 4096), new ByteExtent(20 << 20, 6 << 20)], Size, Fast.IoSize, 4096);

        var result = await new BlockCopier(source, destination, plan, Fast).RunAsync(0, null, default);

        Assert.Equal(source.Data, destination.Data);
        Assert.Equal(plan.PlannedBytes, result.BytesRead);
    }

    [Fact]
    public async Task PublishedWatermark_NeverRunsAheadOfAFlush()
    {
        var source = Source();
        var destination = new MemoryBlockDevice(Size);
        var published = new List<(long Watermark, long At)>();
        // Throttled to ~0.5 s so watermarks are published while the copy runs, not only at its end.
        await new BlockCopier(source, destination, FullPlan(), Fast, new Dms.Cloning.Throttling.TokenBucket(64 << 20)).RunAsync(0, p =>
        {
            lock (published)
            {
                published.Add((p.Watermark, destination.Now));
            }
            return ValueTask.CompletedTask;
        }, default);

        Assert.Contains(published, p => p.Watermark > 0 && p.Watermark < Size);
        foreach (var (watermark, at) in published)
        {
            // Every write below the watermark finished before a flush that began before the watermark was published.
            var lastWriteBelow = destination.WriteLog.Where(w => w.Offset < watermark).Select(w => w.Time).DefaultIfEmpty(0).Max();
            Assert.True(lastWriteBelow == 0 || destination.FlushLog.Any(f => f > lastWriteBelow && f <= at),
                $"watermark {watermark} was published at {at} with no flush after its last write at {lastWriteBelow}");
        }
    }

    [Fact]
    public async Task SourceFailsMidway_RetryableError_AndResumingFromTheCheckpointFinishesTheCopy()
    {
        var source = Source();
        var destination = new MemoryBlockDevice(Size);
        var failAt = 22L << 20;
        source.FailReadAt = offset => offset == failAt ? new NvmeException(NvmeErrorKind.ConnectionLost, "connection reset") : null;
        long checkpoint = 0;

        var error = await Assert.ThrowsAsync<CopyException>(() => new BlockCopier(source, destination, FullPlan(), Fast)
            .RunAsync(0, p => { checkpoint = p.Watermark; return ValueTask.CompletedTask; }, default));
        Assert.Equal(CopySide.Source, error.Side);
        Assert.True(error.IsRetryable);
        Assert.Equal(failAt, error.Offset);
        Assert.True(checkpoint <= failAt);

        source.FailReadAt = null;
        var resumed = await new BlockCopier(source, destination, FullPlan(), Fast).RunAsync(checkpoint, null, default);
        Assert.Equal(source.Data, destination.Data);
        Assert.True(resumed.BytesRead <= Size - checkpoint);
    }

    [Fact]
    public async Task DestinationOutOfSpace_IsNotRetryable()
    {
        var source = Source();
        var destination = new MemoryBlockDevice(Size)
        {
            FailWriteAt = offset => offset >= 20 << 20 ? new NvmeException(NvmeErrorKind.CommandFailed, "capacity exceeded", new NvmeStatus(0, 0x81, true)) : null,
        };
        var error = await Assert.ThrowsAsync<CopyException>(() => new BlockCopier(source, destination, FullPlan(), Fast).RunAsync(0, null, default));
        Assert.Equal(CopySide.Destination, error.Side);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task StalledRead_IsDetected_AsARetryableError()
    {
        var source = Source();
        source.HangReadAt = offset => offset == 4 << 20;
        var options = Fast with { StallTimeout = TimeSpan.FromMilliseconds(200) };

        var error = await Assert.ThrowsAsync<CopyException>(() => new BlockCopier(source, new MemoryBlockDevice(Size), FullPlan(), options).RunAsync(0, null, default));
        Assert.True(error.IsRetryable);
        Assert.Contains("no progress", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_StopsTheCopy()
    {
        var source = Source();
        source.HangReadAt = offset => offset >= 8 << 20;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new BlockCopier(source, new MemoryBlockDevice(Size), FullPlan(), Fast).RunAsync(0, null, cancel.Token));
    }

    [Fact]
    public async Task DestinationSmallerThanTheSource_IsRefusedBeforeCopying()
    {
        var error = await Assert.ThrowsAsync<CopyException>(() => new BlockCopier(Source(), new MemoryBlockDevice(Size / 2), FullPlan(), Fast).RunAsync(0, null, default));
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task Verify_AfterAGoodCopy_Passes_AndFindsTheFirstCorruptByte()
    {
        var source = Source();
        var destination = new MemoryBlockDevice(Size);
        var plan = FullPlan();
        var checksums = new ChecksumLog(plan.ChunkCount);
        await new BlockCopier(source, destination, plan, Fast, checksums: checksums).RunAsync(0, null, default);
        await CopyVerifier.VerifyAsync(source, destination, plan, checksums, Fast, null, default);

        destination.Data[(21 << 20) + 12345] ^= 0x40;
        var error = await Assert.ThrowsAsync<VerificationException>(() => CopyVerifier.VerifyAsync(source, destination, plan, checksums, Fast, null, default));
        Assert.Equal((21L << 20) + 12345, error.FirstDifferingOffset);
        Assert.Contains(((21L << 20) + 12345).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ChunksCopiedBeforeARestart_AreCheckedAgainstTheSourceItself()
    {
        var source = Source();
        var destination = new MemoryBlockDevice(Size);
        var plan = FullPlan();
        await new BlockCopier(source, destination, plan, Fast).RunAsync(0, null, default);

        // A fresh log (the process restarted): every chunk is compared with a new read of the source.
        await CopyVerifier.VerifyAsync(source, destination, plan, new ChecksumLog(plan.ChunkCount), Fast, null, default);
        destination.Data[100] = 0xEE;
        await Assert.ThrowsAsync<VerificationException>(() => CopyVerifier.VerifyAsync(source, destination, plan, new ChecksumLog(plan.ChunkCount), Fast, null, default));
    }
}
