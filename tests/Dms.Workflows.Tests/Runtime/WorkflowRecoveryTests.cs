using Common.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Dms.Workflows.Tests;

public class WorkflowRecoveryTests : IAsyncLifetime
{
    private readonly WorkflowTestBed _bed = new();
    private readonly StepLog _log = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task After_a_crash_a_new_runner_on_the_same_file_continues_from_the_last_completed_step_and_checkpoint()
    {
        var checkpointed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var crashing = new CrashableStore(_bed.Store);
        var first = _bed.StartRunner([ResumableCopy(checkpointed)], WorkflowTestBed.FastOptions("dms-1"), crashing);
        var created = await _bed.CreateAsync("Copy");
        await checkpointed.Task.WaitAsync(Poll.DefaultTimeout);
        _bed.FakeTime.Advance(TimeSpan.FromSeconds(10));
        await _bed.WaitForAsync(created.Id, w => w.Journal.Checkpoint == "watermark=512", "the checkpoint is saved");

        crashing.Crash();
        await first.StopAsync();
        var orphan = await _bed.GetAsync(created.Id);
        Assert.Equal(WorkflowState.Running, orphan.State);
        Assert.Equal("dms-1", orphan.Lease!.OwnerId);

        var restartedStore = await _bed.OpenStoreAsync(_bed.Time);
        _bed.StartRunner([ResumableCopy(checkpointed)], WorkflowTestBed.FastOptions("dms-1-restarted"), restartedStore);
        var done = await _bed.WaitForStateAsync(created.Id, WorkflowState.Completed, () =>
        {
            _bed.FakeTime.Advance(TimeSpan.FromSeconds(1));
            _bed.Signal.Wake();
        });

        Assert.Equal(["exec:source", "exec:copy", "exec:copy", "resumed at watermark=512", "exec:verify"], _log.Entries);
        Assert.True(_bed.Time.GetUtcNow() >= orphan.Lease.ExpiresAt, "taken over only after the lease expired");
        Assert.Equal(2, done.Attempt);
        Assert.Equal(["source", "copy", "verify"], done.Journal.CompletedSteps);
        Assert.Null(done.Journal.Checkpoint);
    }

    [Fact]
    public async Task A_runner_whose_lease_was_taken_over_stops_at_once_and_its_later_writes_have_no_effect()
    {
        var copying = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Exception? lateWrite = null;
        var definition = new WorkflowDefinition("Copy",
        [
            _log.Step("copy",
                async (ctx, ct) =>
                {
                    await ctx.RecordResourceAsync("volume:before", ct);
                    copying.TrySetResult();
                    try
                    {
                        await Task.Delay(Timeout.Infinite, ct);
                    }
                    finally
                    {
                        ctx.SaveCheckpoint("late");
                        lateWrite = await Record.ExceptionAsync(() => ctx.RecordResourceAsync("volume:after-loss", CancellationToken.None));
                    }
                }),
        ]);
        var runner = _bed.StartRunner([definition], WorkflowTestBed.FastOptions("dms-1"));
        var created = await _bed.CreateAsync("Copy");
        await copying.Task.WaitAsync(Poll.DefaultTimeout);

        // Another instance whose clock is past the lease takes the workflow over.
        var otherStore = await _bed.OpenStoreAsync(new FakeTimeProvider(_bed.Time.GetUtcNow() + TimeSpan.FromMinutes(1)));
        var thief = Guid.NewGuid();
        var stolen = await otherStore.TryClaimAsync(new ClaimRequest("dms-2", thief, TimeSpan.FromMinutes(10), 10, 10));
        Assert.Equal(created.Id, stolen?.Id);

        // The first runner learns it at its next heartbeat.
        _bed.FakeTime.Advance(TimeSpan.FromSeconds(10));
        await Poll.UntilAsync(() => runner.RunningCount == 0, "the first runner abandoned the workflow");

        Assert.IsType<OperationCanceledException>(lateWrite);
        var now = await _bed.GetAsync(created.Id);
        Assert.Equal(WorkflowState.Running, now.State);
        Assert.Equal(new WorkflowLease("dms-2", thief, stolen!.Lease!.ExpiresAt), now.Lease);
        Assert.Equal([new WorkflowResource("copy", "volume:before")], now.Journal.Resources);
        Assert.Null(now.Journal.Checkpoint);
        Assert.Empty(now.Journal.CompletedSteps);
        Assert.DoesNotContain(_log.Entries, e => e.StartsWith("comp:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_a_runner_hands_its_workflows_back_so_another_resumes_them_without_waiting_for_the_lease()
    {
        var checkpointed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = _bed.StartRunner([ResumableCopy(checkpointed)], WorkflowTestBed.FastOptions("dms-1"));
        var created = await _bed.CreateAsync("Copy");
        await checkpointed.Task.WaitAsync(Poll.DefaultTimeout);

        await first.StopAsync();

        var released = await _bed.GetAsync(created.Id);
        Assert.Equal(WorkflowState.Running, released.State);
        Assert.Null(released.Lease);
        Assert.Equal("watermark=512", released.Journal.Checkpoint);
        Assert.DoesNotContain(_log.Entries, e => e.StartsWith("comp:", StringComparison.Ordinal));

        _bed.StartRunner([ResumableCopy(checkpointed)], WorkflowTestBed.FastOptions("dms-2"));
        _bed.Signal.Wake();
        await _bed.WaitForStateAsync(created.Id, WorkflowState.Completed);
        Assert.Contains("resumed at watermark=512", _log.Entries);
    }

    [Fact]
    public async Task A_workflow_canceled_while_its_runner_was_down_is_compensated_by_the_next_runner()
    {
        var checkpointed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var crashing = new CrashableStore(_bed.Store);
        var first = _bed.StartRunner([ResumableCopy(checkpointed)], WorkflowTestBed.FastOptions("dms-1"), crashing);
        var created = await _bed.CreateAsync("Copy");
        await checkpointed.Task.WaitAsync(Poll.DefaultTimeout);
        crashing.Crash();
        await first.StopAsync();

        Assert.Equal(WorkflowState.Canceling, await _bed.Client.CancelAsync(created.Id));
        _bed.StartRunner([ResumableCopy(checkpointed)], WorkflowTestBed.FastOptions("dms-2"), await _bed.OpenStoreAsync(_bed.Time));
        var canceled = await _bed.WaitForStateAsync(created.Id, WorkflowState.Canceled, () =>
        {
            _bed.FakeTime.Advance(TimeSpan.FromSeconds(1));
            _bed.Signal.Wake();
        });

        Assert.Equal(["exec:source", "exec:copy", "comp:copy", "comp:source"], _log.Entries);
        Assert.Equal("canceled by request; cleanup done", canceled.Msg);
    }

    [Fact]
    public async Task Cleanup_interrupted_by_a_crash_is_resumed_without_re_running_the_failed_step()
    {
        var cleaning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var crashing = new CrashableStore(_bed.Store);
        WorkflowDefinition Definition(bool blockCleanup) => new("Copy",
        [
            _log.Step("source", compensate: async (_, ct) =>
            {
                if (blockCleanup)
                {
                    cleaning.TrySetResult();
                    await Task.Delay(Timeout.Infinite, ct);
                }
            }),
            _log.Step("destination"),
            _log.Step("copy", (_, _) => throw WorkflowStepException.Permanent("checksum mismatch")),
        ]);
        var first = _bed.StartRunner([Definition(blockCleanup: true)], WorkflowTestBed.FastOptions("dms-1"), crashing);
        var created = await _bed.CreateAsync("Copy");
        await cleaning.Task.WaitAsync(Poll.DefaultTimeout);
        crashing.Crash();
        await first.StopAsync();

        _bed.StartRunner([Definition(blockCleanup: false)], WorkflowTestBed.FastOptions("dms-2"), await _bed.OpenStoreAsync(_bed.Time));
        var failed = await _bed.WaitForStateAsync(created.Id, WorkflowState.Failed, () =>
        {
            _bed.FakeTime.Advance(TimeSpan.FromSeconds(1));
            _bed.Signal.Wake();
        });

        Assert.Equal(
            ["exec:source", "exec:destination", "exec:copy", "comp:copy", "comp:destination", "comp:source", "comp:source"],
            _log.Entries);
        Assert.Equal("step 'copy' failed: checksum mismatch", failed.Msg);
    }

    /// <summary>source → copy (checkpoints, then blocks; on a resumed run finishes) → verify.</summary>
    private WorkflowDefinition ResumableCopy(TaskCompletionSource checkpointed) => new("Copy",
    [
        _log.Step("source", async (ctx, ct) => await ctx.RecordResourceAsync("volume:dms-src", ct)),
        _log.Step("copy", async (ctx, ct) =>
        {
            if (ctx.Checkpoint is { } resumeAt)
            {
                _log.Add($"resumed at {resumeAt}");
                return;
            }

            ctx.SaveCheckpoint("watermark=512");
            checkpointed.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }),
        _log.Step("verify"),
    ]);
}
