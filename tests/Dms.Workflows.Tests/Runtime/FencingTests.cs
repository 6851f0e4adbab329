using Common.Testing;

namespace Dms.Workflows.Tests;

/// <summary>
/// One writer per workflow under partitions (DESIGN §4, fencing): an instance cut off from the store
/// stops the workflow's work before its lease can expire, so whoever takes the workflow over never
/// overlaps with it.
/// </summary>
public class FencingTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly WorkflowTestBed _bed = new();
    private readonly StepLog _log = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    /// <summary>A copy that works until its token fires, logging when (in fake time) it started and stopped.</summary>
    private WorkflowDefinition Copy(TaskCompletionSource started) => new("Copy",
    [
        new WorkflowStep("copy", async (ctx, ct) =>
        {
            _log.Add($"start {ctx.WorkflowId} {_bed.Time.GetUtcNow():O}");
            started.TrySetResult();
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(5), _bed.Time, ct);
            }
            finally
            {
                _log.Add($"stop {_bed.Time.GetUtcNow():O}");
            }
        }),
    ]);

    private static WorkflowRunnerOptions Options(string instance)
    {
        var options = WorkflowTestBed.FastOptions(instance);
        options.LeaseDuration = Lease;
        return options;
    }

    [Theory]
    [InlineData("refused")]
    [InlineData("silent")]
    public async Task An_instance_cut_off_from_the_store_stops_the_work_before_its_lease_expires_and_the_next_owner_starts_after(string partition)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cutOff = new CrashableStore(_bed.Store);
        _bed.StartRunner([Copy(started)], Options("dms-1"), cutOff);
        var created = await _bed.CreateAsync("Copy");
        await started.Task.WaitAsync(Poll.DefaultTimeout);
        var lease = (await _bed.GetAsync(created.Id)).Lease!;

        if (partition == "refused")
        {
            cutOff.Crash();
        }
        else
        {
            cutOff.Hang();
        }

        await Poll.UntilAsync(() => _log.Entries.Any(e => e.StartsWith("stop", StringComparison.Ordinal)), "the cut-off instance stops its work",
            betweenReads: () => _bed.FakeTime.Advance(TimeSpan.FromSeconds(1)));
        var stoppedAt = DateTimeOffset.Parse(_log.Entries.Single(e => e.StartsWith("stop", StringComparison.Ordinal))[5..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(stoppedAt < lease.ExpiresAt, $"stopped at {stoppedAt:O}, lease expires {lease.ExpiresAt:O}");

        var secondStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _bed.StartRunner([Copy(secondStarted)], Options("dms-2"));
        await Poll.UntilAsync(() => secondStarted.Task.IsCompleted, "the second instance takes over", betweenReads: () =>
        {
            _bed.FakeTime.Advance(TimeSpan.FromSeconds(1));
            _bed.Signal.Wake();
        });

        var secondStart = DateTimeOffset.Parse(_log.Entries.Last(e => e.StartsWith("start", StringComparison.Ordinal)).Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(secondStart >= lease.ExpiresAt, $"taken over at {secondStart:O}, before the lease expired at {lease.ExpiresAt:O}");
        Assert.Equal(["start", "stop", "start"], _log.Entries.Select(e => e.Split(' ')[0]));
        cutOff.Heal();
    }

    [Fact]
    public async Task A_store_outage_shorter_than_the_safety_margin_does_not_stop_the_work()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var flaky = new CrashableStore(_bed.Store);
        _bed.StartRunner([Copy(started)], Options("dms-1"), flaky);
        var created = await _bed.CreateAsync("Copy");
        await started.Task.WaitAsync(Poll.DefaultTimeout);
        var before = (await _bed.GetAsync(created.Id)).Lease!.ExpiresAt;

        flaky.Crash();
        for (var i = 0; i < 12; i++)
        {
            _bed.FakeTime.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        flaky.Heal();
        await _bed.WaitForAsync(created.Id, w => w.Lease!.ExpiresAt > before, "the lease renewed after the outage",
            () => _bed.FakeTime.Advance(TimeSpan.FromMilliseconds(500)));

        Assert.DoesNotContain(_log.Entries, e => e.StartsWith("stop", StringComparison.Ordinal));
    }
}
