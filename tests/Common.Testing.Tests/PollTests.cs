namespace Common.Testing.Tests;

public class PollTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task UntilAsync_ConditionMetAfterSomeReads_ReturnsTheValueThatMetIt()
    {
        var reads = 0;

        var value = await Poll.UntilAsync(() => Task.FromResult(++reads), n => n >= 3, "the third read");

        Assert.Equal(3, value);
        Assert.Equal(3, reads);
    }

    [Fact]
    public async Task UntilAsync_ConditionNeverMet_TimesOutNamingWhatTheTimeoutAndTheLastValueSeen()
    {
        var reads = 0;

        var error = await Assert.ThrowsAsync<TimeoutException>(() => Poll.UntilAsync(() => Task.FromResult(++reads), n => n < 0, "the counter goes negative", Short));

        Assert.Equal($"timed out after 0.05 s waiting until the counter goes negative; last seen: {reads}", error.Message);
    }

    [Fact]
    public async Task UntilAsync_WithDescribe_ShowsTheLastValueThatWay()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            Poll.UntilAsync(() => Task.FromResult(new Reading("RUNNING", 40)), r => r.State == "COMPLETED", "workflow w1 is COMPLETED", Short, describe: r => $"{r.State} at {r.Percent}%"));

        Assert.EndsWith("last seen: RUNNING at 40%", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntilAsync_ReadThatNeverReturns_StillTimesOut_SayingTheReadDidNotReturn()
    {
        var hung = new TaskCompletionSource<int>();
        var reads = 0;

        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            Poll.UntilAsync(() => ++reads == 1 ? Task.FromResult(7) : hung.Task, n => n == 0, "the answer is 0", Short));

        Assert.Equal("timed out after 0.05 s waiting until the answer is 0; last seen: 7 (the read after it did not return in time)", error.Message);
    }

    [Fact]
    public async Task UntilAsync_ReadThatThrows_FailsWithThatError_NotATimeout()
    {
        static Task<int> Broken() => throw new InvalidOperationException("store is gone");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Poll.UntilAsync(Broken, _ => true, "anything"));

        Assert.Equal("store is gone", error.Message);
    }

    [Fact]
    public async Task UntilAsync_BetweenReads_RunsAfterEveryUnsatisfiedRead()
    {
        var clock = 0;

        await Poll.UntilAsync(() => Task.FromResult(clock), now => now == 5, "the fake clock reaches 5", betweenReads: () => clock++);

        Assert.Equal(5, clock);
    }

    [Fact]
    public async Task UntilAsync_Condition_TimesOutSayingItWasStillFalse()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() => Poll.UntilAsync(() => false, "the port closes", Short));

        Assert.Equal("timed out after 0.05 s waiting until the port closes; last seen: the condition was still false", error.Message);
    }

    [Fact]
    public async Task UntilAsync_AsyncCondition_ReturnsOnceItHolds()
    {
        var reads = 0;

        await Poll.UntilAsync(async () =>
        {
            await Task.Yield();
            return ++reads == 2;
        }, "the second read");

        Assert.Equal(2, reads);
    }

    private sealed record Reading(string State, int Percent);
}
