using System.Collections.Concurrent;
using Common.Testing;
using Microsoft.Extensions.Logging;

namespace Dms.Workflows.Tests;

public class WorkflowRunnerTests : IAsyncLifetime
{
    private readonly WorkflowTestBed _bed = new();
    private readonly StepLog _log = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task A_workflow_runs_its_steps_in_order_and_completes_with_its_result()
    {
        var definition = new WorkflowDefinition("Copy",
        [
            _log.Step("validate", (ctx, _) =>
            {
                Assert.Equal(42, ctx.GetInput<CopyInput>().Size);
                return Task.CompletedTask;
            }),
            _log.Step("create", async (ctx, ct) => await ctx.RecordResourceAsync("volume:dst", ct)),
            _log.Step("finish", (ctx, _) =>
            {
                ctx.SetResult(new { volumeUuid = "v-1" });
                return Task.CompletedTask;
            }),
        ]);
        _bed.StartRunner([definition]);

        var created = await _bed.Client.CreateAsync("Copy", new CopyInput(42));
        var done = await _bed.WaitForStateAsync(created.Id, WorkflowState.Completed);

        Assert.Equal(["exec:validate", "exec:create", "exec:finish"], _log.Entries);
        Assert.Equal("""{"volumeUuid":"v-1"}""", done.ResultJson);
        Assert.Equal(["validate", "create", "finish"], done.Journal.CompletedSteps);
        Assert.Equal([new WorkflowResource("create", "volume:dst")], done.Journal.Resources);
        Assert.Equal(100, done.Progress.Percent);
        Assert.NotNull(done.StartedAt);
        Assert.NotNull(done.EndedAt);
        Assert.Null(done.Lease);
        Assert.Null(done.Msg);
    }

    [Fact]
    public async Task Steps_that_report_their_own_progress_are_not_overridden_by_the_step_count()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var definition = new WorkflowDefinition("Copy",
        [
            _log.Step("prepare", (ctx, _) =>
            {
                ctx.ReportProgress(new WorkflowProgress { Percent = 2, Stage = "preparing" });
                return Task.CompletedTask;
            }),
            _log.Step("copy", (_, ct) => release.Task.WaitAsync(ct)),
        ]) { ReportsOwnProgress = true };
        _bed.StartRunner([definition]);

        var created = await _bed.CreateAsync("Copy");
        var copying = await _bed.WaitForAsync(created.Id, w => w.Journal.CompletedSteps.Contains("prepare"), "the first step done");
        release.SetResult();
        await _bed.WaitForStateAsync(created.Id, WorkflowState.Completed);

        // Half the steps are done, but the step said 2 % "preparing": that is what stays shown.
        Assert.Equal(2, copying.Progress.Percent);
        Assert.Equal("preparing", copying.Progress.Stage);
    }

    [Fact]
    public async Task A_created_workflow_wakes_the_runner_without_waiting_for_the_poll_interval()
    {
        var options = WorkflowTestBed.FastOptions();
        options.PollInterval = TimeSpan.FromDays(1);
        _bed.StartRunner([new WorkflowDefinition("Copy", [_log.Step("only")])], options);

        // Fake time never moves here: only the wake-up can start it.
        var created = await _bed.CreateAsync("Copy");

        await _bed.WaitForStateAsync(created.Id, WorkflowState.Completed);
    }

    [Fact]
    public async Task Two_runners_on_one_store_run_each_workflow_exactly_once()
    {
        var runs = new ConcurrentDictionary<Guid, int>();
        var definition = new WorkflowDefinition("Copy",
        [
            new WorkflowStep("count", async (ctx, _) =>
            {
                runs.AddOrUpdate(ctx.WorkflowId, 1, (_, n) => n + 1);
                await Task.Yield();
            }),
        ]);
        var second = await _bed.OpenStoreAsync(_bed.Time);
        _bed.StartRunner([definition], WorkflowTestBed.FastOptions("runner-1"));
        _bed.StartRunner([definition], WorkflowTestBed.FastOptions("runner-2"), second);

        var ids = new List<Guid>();
        for (var i = 0; i < 60; i++)
        {
            ids.Add((await _bed.CreateAsync("Copy")).Id);
        }

        await _bed.WaitForCountAsync(WorkflowState.Completed, 60);
        Assert.All(ids, id => Assert.Equal(1, runs[id]));
        Assert.Equal(60, runs.Count);
    }

    [Fact]
    public async Task A_runner_runs_at_most_its_limit_at_once_and_the_rest_wait_pending_and_queued()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        var definition = new WorkflowDefinition("Copy",
        [
            new WorkflowStep("block", async (_, ct) =>
            {
                Interlocked.Increment(ref started);
                await release.Task.WaitAsync(ct);
            }),
        ]);
        var options = WorkflowTestBed.FastOptions();
        options.MaxConcurrentWorkflows = 2;
        var runner = _bed.StartRunner([definition], options);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await _bed.CreateAsync("Copy")).Id);
        }

        await Poll.UntilAsync(() => Volatile.Read(ref started) == 2, "two are running");
        Assert.All(
            (await Task.WhenAll(ids.Select(_bed.GetAsync))).Where(w => w.State == WorkflowState.Running),
            w => Assert.Equal("block", w.Progress.Stage));
        _bed.Signal.Wake();
        await _bed.WaitForCountAsync(WorkflowState.Running, 2);

        Assert.Equal(2, runner.RunningCount);
        var waiting = (await Task.WhenAll(ids.Select(_bed.GetAsync))).Where(w => w.State == WorkflowState.Pending).ToList();
        Assert.Equal(3, waiting.Count);
        Assert.All(waiting, w => Assert.Equal("queued", w.Progress.Stage));

        release.SetResult();
        foreach (var id in ids)
        {
            await _bed.WaitForStateAsync(id, WorkflowState.Completed);
        }
    }

    [Fact]
    public async Task Workflows_on_a_busy_resource_wait_pending_while_others_run()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var definition = new WorkflowDefinition("Copy", [new WorkflowStep("block", (_, ct) => release.Task.WaitAsync(ct))]);
        var options = WorkflowTestBed.FastOptions();
        options.MaxConcurrentPerResource = 1;
        _bed.StartRunner([definition], options);

        var a1 = await _bed.CreateAsync("Copy", ["cluster-a"]);
        var a2 = await _bed.CreateAsync("Copy", ["cluster-a"]);
        var b1 = await _bed.CreateAsync("Copy", ["cluster-b"]);

        await _bed.WaitForStateAsync(a1.Id, WorkflowState.Running);
        await _bed.WaitForStateAsync(b1.Id, WorkflowState.Running);
        _bed.Signal.Wake();
        await _bed.WaitForCountAsync(WorkflowState.Running, 2);
        Assert.Equal(WorkflowState.Pending, (await _bed.GetAsync(a2.Id)).State);

        release.SetResult();
        await _bed.WaitForStateAsync(a2.Id, WorkflowState.Completed);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_with_exponential_backoff_until_it_succeeds()
    {
        var tries = new List<DateTimeOffset>();
        var definition = new WorkflowDefinition("Copy",
        [
            _log.Step("flaky", (_, _) =>
            {
                tries.Add(_bed.Time.GetUtcNow());
                return tries.Count < 3 ? throw new IOException("connection reset") : Task.CompletedTask;
            }),
        ]);
        var options = WorkflowTestBed.FastOptions();
        options.InitialRetryDelay = TimeSpan.FromSeconds(2);
        options.MaxRetryDelay = TimeSpan.FromSeconds(60);
        _bed.StartRunner([definition], options);

        var created = await _bed.CreateAsync("Copy");
        await _bed.WaitForStateAsync(created.Id, WorkflowState.Completed, () => _bed.FakeTime.Advance(TimeSpan.FromMilliseconds(250)));

        Assert.Equal(3, tries.Count);
        // Lower bounds are exact; the upper ones allow for fake time moving on before the delay is scheduled.
        Assert.InRange(tries[1] - tries[0], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
        Assert.InRange(tries[2] - tries[1], TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6));
    }

    [Fact]
    public async Task A_step_that_keeps_failing_transiently_fails_the_workflow_after_the_last_attempt()
    {
        var definition = new WorkflowDefinition("Copy",
        [
            _log.Step("create"),
            _log.Step("copy", (_, _) => throw WorkflowStepException.Transient("503 busy", ErrorSide.SourceCluster)),
        ]);
        var options = WorkflowTestBed.FastOptions();
        options.MaxStepAttempts = 3;
        _bed.StartRunner([definition], options);

        var created = await _bed.CreateAsync("Copy");
        var failed = await _bed.WaitForStateAsync(created.Id, WorkflowState.Failed);

        Assert.Equal(3, _log.Count("exec:copy"));
        Assert.Equal("step 'copy' failed (source cluster) after 3 attempts without progress: 503 busy", failed.Msg);
        Assert.Equal(["comp:copy", "comp:create"], _log.Entries.Where(e => e.StartsWith("comp:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_permanent_failure_compensates_completed_steps_in_reverse_and_fails_with_the_reason()
    {
        var definition = new WorkflowDefinition("Copy",
        [
            _log.Step("source"),
            _log.Step("destination"),
            _log.Step("copy", (_, _) => throw WorkflowStepException.Permanent("namespace UUID mismatch", ErrorSide.DestinationCluster)),
            _log.Step("verify"),
        ]);
        _bed.StartRunner([definition]);

        var created = await _bed.CreateAsync("Copy");
        var failed = await _bed.WaitForStateAsync(created.Id, WorkflowState.Failed);

        Assert.Equal(
            ["exec:source", "exec:destination", "exec:copy", "comp:copy", "comp:destination", "comp:source"],
            _log.Entries);
        Assert.Equal("step 'copy' failed (destination cluster): namespace UUID mismatch", failed.Msg);
        Assert.Equal(["copy", "destination", "source"], failed.Journal.CompensatedSteps);
    }

    [Fact]
    public async Task An_unclassified_exception_is_permanent_and_not_retried()
    {
        var definition = new WorkflowDefinition("Copy", [_log.Step("bad", (_, _) => throw new InvalidOperationException("bug"))]);
        _bed.StartRunner([definition]);

        var created = await _bed.CreateAsync("Copy");
        var failed = await _bed.WaitForStateAsync(created.Id, WorkflowState.Failed);

        Assert.Equal(1, _log.Count("exec:bad"));
        Assert.Equal("step 'bad' failed: bug", failed.Msg);
    }

    [Fact]
    public async Task Store_calls_that_fail_as_the_runner_stops_do_not_fail_the_stop()
    {
        var store = new CrashableStore(_bed.Store);
        store.Hang();
        var runner = _bed.StartRunner([new WorkflowDefinition("Copy", [_log.Step("copy")])], store: store);
        await Poll.UntilAsync(() => store.HangingCalls > 0, "the runner's first claim hangs on the store");

        var stopping = runner.StopAsync();
        store.Heal(); // the hung calls fail now, after the stop landed, as a connection reset does

        await stopping.WaitAsync(Poll.DefaultTimeout);
    }

    [Fact]
    public async Task A_compensation_that_keeps_failing_is_reported_with_what_may_be_left_behind()
    {
        var definition = new WorkflowDefinition("Copy",
        [
            _log.Step("source",
                async (ctx, ct) =>
                {
                    await ctx.RecordResourceAsync("volume:dms-src", ct);
                    await ctx.RecordResourceAsync("volume:dms-src-2", ct);
                    await ctx.IdentifyResourceAsync("volume:dms-src", "uuid-1"); // its create was answered
                },
                (_, _) => throw new IOException("cluster unreachable")),
            _log.Step("copy", (_, _) => throw WorkflowStepException.Permanent("disk full", ErrorSide.DestinationCluster)),
        ]);
        var options = WorkflowTestBed.FastOptions();
        options.MaxCompensationAttempts = 3;
        _bed.StartRunner([definition], options);

        var created = await _bed.CreateAsync("Copy");
        var failed = await _bed.WaitForStateAsync(created.Id, WorkflowState.Failed);

        Assert.Equal(3, _log.Count("comp:source"));
        Assert.Equal(
            "step 'copy' failed (destination cluster): disk full; could not clean up after step 'source': " +
            "cluster unreachable (after 3 attempts without progress); possibly left behind: volume:dms-src (id uuid-1), volume:dms-src-2 " +
            "(DMS keeps retrying the cleanup in the background)",
            failed.Msg);
        Assert.Equal([new WorkflowResource("source", "volume:dms-src", "uuid-1"), new WorkflowResource("source", "volume:dms-src-2")], failed.Journal.Resources);
    }

    [Fact]
    public async Task Canceling_a_running_workflow_interrupts_its_step_and_compensates_in_reverse_through_canceling()
    {
        var copying = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var definition = new WorkflowDefinition("Copy",
        [
            _log.Step("source"),
            _log.Step("copy", async (_, ct) =>
            {
                copying.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }),
            _log.Step("verify"),
        ]);
        _bed.StartRunner([definition]);
        var created = await _bed.CreateAsync("Copy");
        await copying.Task.WaitAsync(Poll.DefaultTimeout);

        var state = await _bed.Client.CancelAsync(created.Id);

        Assert.Equal(WorkflowState.Canceling, state);

        // No time passes: the cancel reaches the step at once, not at the next heartbeat or poll.
        var canceled = await _bed.WaitForStateAsync(created.Id, WorkflowState.Canceled);

        Assert.Equal(["exec:source", "exec:copy", "comp:copy", "comp:source"], _log.Entries);
        Assert.Equal("canceled by request; cleanup done", canceled.Msg);
        Assert.Equal(WorkflowState.Canceled, await _bed.Client.CancelAsync(created.Id));
    }

    [Fact]
    public async Task A_step_that_finishes_despite_a_cancel_is_compensated_and_later_steps_neither_run_nor_compensate()
    {
        var copying = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var definition = new WorkflowDefinition("Copy",
        [
            _log.Step("copy", async (_, ct) =>
            {
                copying.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    // Too late to stop: the work is done.
                }
            }),
            _log.Step("verify"),
        ]);
        _bed.StartRunner([definition]);
        var created = await _bed.CreateAsync("Copy");
        await copying.Task.WaitAsync(Poll.DefaultTimeout);

        await _bed.Client.CancelAsync(created.Id);
        _bed.FakeTime.Advance(TimeSpan.FromSeconds(10));
        await _bed.WaitForStateAsync(created.Id, WorkflowState.Canceled);

        Assert.Equal(["exec:copy", "comp:copy"], _log.Entries);
    }

    [Fact]
    public async Task A_cancel_during_a_retry_backoff_stops_waiting_and_compensates()
    {
        var failedOnce = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var definition = new WorkflowDefinition("Copy",
        [
            _log.Step("source"),
            _log.Step("copy", (_, _) =>
            {
                failedOnce.TrySetResult();
                throw new TimeoutException("no answer");
            }),
        ]);
        var options = WorkflowTestBed.FastOptions();
        options.InitialRetryDelay = TimeSpan.FromHours(1);
        options.MaxRetryDelay = TimeSpan.FromHours(1);
        _bed.StartRunner([definition], options);
        var created = await _bed.CreateAsync("Copy");
        await failedOnce.Task.WaitAsync(Poll.DefaultTimeout);

        await _bed.Client.CancelAsync(created.Id);
        _bed.FakeTime.Advance(TimeSpan.FromSeconds(10));
        var canceled = await _bed.WaitForStateAsync(created.Id, WorkflowState.Canceled);

        Assert.Equal(["exec:source", "exec:copy", "comp:copy", "comp:source"], _log.Entries);
        Assert.True(canceled.EndedAt < WorkflowTestBed.Epoch + TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task Every_log_line_about_a_workflow_carries_its_id()
    {
        var loggers = new RecordingLoggerFactory();
        var definition = new WorkflowDefinition("Copy",
        [
            new WorkflowStep("copy", (ctx, _) =>
            {
                ctx.Logger.LogInformation("copying {Bytes} bytes", 42);
                return Task.CompletedTask;
            }),
            new WorkflowStep("fail", (_, _) => throw new InvalidOperationException("bug")),
        ]);
        _bed.StartRunner([definition], loggers: loggers);

        var created = await _bed.CreateAsync("Copy");
        await _bed.WaitForStateAsync(created.Id, WorkflowState.Failed);
        await Poll.UntilAsync(() => loggers.Lines.Any(l => l.Message.Contains("ended FAILED", StringComparison.Ordinal)), "the end is logged");

        var aboutWorkflows = loggers.Lines.Where(l => !l.Category.EndsWith(nameof(WorkflowRunner), StringComparison.Ordinal)).ToList();
        Assert.Contains(aboutWorkflows, l => l.Message == "copying 42 bytes");
        Assert.True(aboutWorkflows.Count >= 6, $"{aboutWorkflows.Count} lines");
        Assert.All(aboutWorkflows, l => Assert.True(l.Mentions("WorkflowId", created.Id), $"no workflow id on: {l.Message}"));
    }

    [Fact]
    public async Task Canceling_a_pending_workflow_ends_it_before_any_step_runs()
    {
        var created = await _bed.CreateAsync("Copy");

        Assert.Equal(WorkflowState.Canceled, await _bed.Client.CancelAsync(created.Id));
        Assert.Equal(WorkflowState.Canceled, await _bed.Client.CancelAsync(created.Id));

        _bed.StartRunner([new WorkflowDefinition("Copy", [_log.Step("only")])]);
        var other = await _bed.CreateAsync("Copy");
        await _bed.WaitForStateAsync(other.Id, WorkflowState.Completed);
        Assert.Equal(1, _log.Count("exec:only"));
        Assert.Equal(WorkflowState.Canceled, (await _bed.GetAsync(created.Id)).State);
    }

    [Fact]
    public async Task Canceling_an_ended_workflow_is_refused_naming_its_state()
    {
        _bed.StartRunner([new WorkflowDefinition("Copy", [_log.Step("only")])]);
        var created = await _bed.CreateAsync("Copy");
        await _bed.WaitForStateAsync(created.Id, WorkflowState.Completed);

        var error = await Assert.ThrowsAsync<WorkflowRequestException>(() => _bed.Client.CancelAsync(created.Id));

        Assert.Equal(WorkflowRequestError.FailedPrecondition, error.Error);
        Assert.Contains("COMPLETED", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_heartbeat_saves_reported_progress_and_the_checkpoint()
    {
        var reported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var definition = new WorkflowDefinition("Copy",
        [
            new WorkflowStep("copy", async (ctx, ct) =>
            {
                ctx.ReportProgress(new WorkflowProgress { Percent = 25, Stage = "copying", BytesDone = 250, BytesTotal = 1000, BytesPerSecond = 50, EtaSeconds = 15 });
                ctx.SaveCheckpoint("watermark=250");
                reported.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }),
        ]);
        _bed.StartRunner([definition]);
        var created = await _bed.CreateAsync("Copy");
        await reported.Task.WaitAsync(Poll.DefaultTimeout);

        _bed.FakeTime.Advance(TimeSpan.FromSeconds(10));
        var saved = await _bed.WaitForAsync(created.Id, w => w.Journal.Checkpoint is not null, "the checkpoint is saved");

        Assert.Equal("watermark=250", saved.Journal.Checkpoint);
        Assert.Equal(new WorkflowProgress { Percent = 25, Stage = "copying", BytesDone = 250, BytesTotal = 1000, BytesPerSecond = 50, EtaSeconds = 15 }, saved.Progress);
        Assert.Equal(_bed.Time.GetUtcNow() + TimeSpan.FromSeconds(30), saved.Lease!.ExpiresAt);
    }

    [Fact]
    public async Task A_workflow_of_an_unknown_type_fails_saying_so()
    {
        _bed.StartRunner([new WorkflowDefinition("Copy", [_log.Step("only")])]);

        var created = await _bed.CreateAsync("Teleport");
        var failed = await _bed.WaitForStateAsync(created.Id, WorkflowState.Failed);

        Assert.Equal("no definition is registered for workflow type 'Teleport'", failed.Msg);
    }

    [Fact]
    public async Task The_runner_purges_workflows_ended_longer_ago_than_the_retention()
    {
        var options = WorkflowTestBed.FastOptions();
        options.Retention = TimeSpan.FromDays(30);
        options.PurgeInterval = TimeSpan.FromHours(1);
        _bed.StartRunner([new WorkflowDefinition("Copy", [_log.Step("only")])], options);
        var old = await _bed.CreateAsync("Copy");
        await _bed.WaitForStateAsync(old.Id, WorkflowState.Completed);
        _bed.FakeTime.Advance(TimeSpan.FromDays(29));
        var recent = await _bed.CreateAsync("Copy");
        await _bed.WaitForStateAsync(recent.Id, WorkflowState.Completed);

        _bed.FakeTime.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));
        await Poll.UntilAsync(async () => await _bed.Store.GetAsync(old.Id) is null, "the old workflow is purged");

        Assert.NotNull(await _bed.Store.GetAsync(recent.Id));
    }

    private sealed record CopyInput(int Size);
}
