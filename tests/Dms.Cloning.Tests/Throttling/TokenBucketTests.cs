using Dms.Cloning.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace Dms.Cloning.Tests.Throttling;

public sealed class TokenBucketTests
{
    [Fact]
    public async Task Acquire_BeyondTheRate_WaitsForTheBookedTime()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(1 << 20, time, burst: TimeSpan.Zero);

        await bucket.AcquireAsync(1 << 20, default);         // books [0 s, 1 s)
        var second = bucket.AcquireAsync(1 << 20, default).AsTask();  // starts at 1 s
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await second;
    }

    [Fact]
    public async Task RateChange_AppliesToTheNextRequest_AndZeroMeansUnlimited()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(1 << 20, time, burst: TimeSpan.Zero);
        await bucket.AcquireAsync(1 << 20, default);

        bucket.BytesPerSecond = 0;
        Assert.True(bucket.AcquireAsync(1L << 30, default).AsTask().IsCompleted);

        bucket.BytesPerSecond = 2 << 20;
        await bucket.AcquireAsync(2 << 20, default);
        var next = bucket.AcquireAsync(1, default).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(2));
        await next;
    }

    [Fact]
    public async Task AllOf_WaitsForTheSlowestLimit()
    {
        var time = new FakeTimeProvider();
        var fast = new TokenBucket(10 << 20, time, TimeSpan.Zero);
        var slow = new TokenBucket(1 << 20, time, TimeSpan.Zero);
        var both = new AllOf(fast, slow);
        await both.AcquireAsync(1 << 20, default);
        var next = both.AcquireAsync(1 << 20, default).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(600));
        await next;
    }

    [Fact]
    public async Task Acquire_IsCancellable()
    {
        var bucket = new TokenBucket(1, new FakeTimeProvider(), TimeSpan.Zero);
        await bucket.AcquireAsync(10, default);
        using var cancel = new CancellationTokenSource();
        var waiting = bucket.AcquireAsync(10, cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting);
    }
}
