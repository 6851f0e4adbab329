using Common.Testing;

namespace Dms.Workflows.Tests;

/// <summary>The saga's point of no return (DESIGN §4): after the pivot step the result is the user's.</summary>
public class WorkflowPivotTests : IAsyncLifetime
{
    private readonly WorkflowTestBed _bed = new();
    private readonly StepLog _log = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private WorkflowDefinition Clone(Func<StepContext, CancellationToken, Task>? finalize = null, Func<StepContext, CancellationToken, Task>? cleanup = null) =>
        new("Clone",
        [
            _log.Step("copy"),
            _log.Step("finalize", finalize ?? ((ctx, _) =>
            {
                ctx.SetResult(new { volumeUuid = "v-1" });
                return Task.CompletedTask;
            })),
            _log.Step("cleanup", cleanup),
        ])
        { PivotStep = "finalize" };

    [Fact]
    public async Task A_cancel_after_the_pivot_is_refused_and_the_result_stays()
    {
        var cleaning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _bed.StartRunner([Clone(cleanup: async (_, _) =>
        {
            cleaning.TrySetResult();
            await release.Task;
        })]);
        var created = await _bed.CreateAsync("Clone");
        await cleaning.Task.WaitAsync(Poll.DefaultTimeout);

        var refused = await Assert.ThrowsAsync<WorkflowRequestException>(() => _bed.Client.CancelAsync(created.Id));
        release.SetResult();
        var done = await _bed.WaitForStateAsync(created.Id, WorkflowState.Completed);

        Assert.Equal(WorkflowRequestError.ResultDelivered, refused.Error);
        Assert.Contains("already delivered its result", refused.Message, StringComparison.Ordinal);
        Assert.False(done.CancelRequested);
        Assert.DoesNotContain(_log.Entries, e => e.StartsWith("comp:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cancel_accepted_while_the_pivot_step_finishes_its_work_undoes_that_work_too()
    {
        var finalizing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _bed.StartRunner([Clone(finalize: async (_, _) =>
        {
            // Deaf to the cancel: it hands the result over regardless, as a step past its last await would.
            finalizing.TrySetResult();
            await release.Task;
        })]);
        var created = await _bed.CreateAsync("Clone");
        await finalizing.Task.WaitAsync(Poll.DefaultTimeout);

        Assert.Equal(WorkflowState.Canceling, await _bed.Client.CancelAsync(created.Id));
        release.SetResult();
        var canceled = await _bed.WaitForStateAsync(created.Id, WorkflowState.Canceled);

        Assert.Equal(["exec:copy", "exec:finalize", "comp:finalize", "comp:copy"], _log.Entries);
        Assert.Null(canceled.ResultJson);
    }

    [Fact]
    public async Task A_step_after_the_pivot_that_keeps_failing_completes_the_workflow_with_a_warning_and_compensates_nothing()
    {
        var options = WorkflowTestBed.FastOptions();
        options.MaxStepAttempts = 2;
        _bed.StartRunner([Clone(cleanup: (_, _) => throw WorkflowStepException.Transient("source cluster unreachable", ErrorSide.SourceCluster))], options);

        var created = await _bed.CreateAsync("Clone");
        var done = await _bed.WaitForStateAsync(created.Id, WorkflowState.Completed);

        Assert.Equal(["exec:copy", "exec:finalize", "exec:cleanup", "exec:cleanup"], _log.Entries);
        var result = System.Text.Json.JsonDocument.Parse(done.ResultJson!).RootElement;
        Assert.Equal("v-1", result.GetProperty("volumeUuid").GetString());
        var warning = Assert.Single(result.GetProperty("warnings").EnumerateArray()).GetString();
        Assert.Equal(
            "step 'cleanup' failed (source cluster) after 2 attempts without progress: source cluster unreachable; DMS keeps retrying 'cleanup' in the background",
            warning);
        Assert.Equal($"completed with warnings: {warning}", done.Msg);
        Assert.Equal(1, await _bed.Client.CountLeftoversAsync());
    }

    [Fact]
    public async Task The_janitor_retries_a_failed_cleanup_of_an_ended_workflow_until_it_succeeds()
    {
        var clusterBack = false;
        var options = WorkflowTestBed.FastOptions();
        options.MaxStepAttempts = 1;
        options.JanitorInterval = TimeSpan.FromMinutes(1);
        _bed.StartRunner([Clone(cleanup: (_, _) => clusterBack ? Task.CompletedTask : throw new IOException("connection refused"))], options);
        var created = await _bed.CreateAsync("Clone");
        await _bed.WaitForStateAsync(created.Id, WorkflowState.Completed);

        // Still down at the janitor's next round: the leftover stays.
        await Poll.UntilAsync(() => Task.FromResult(_log.Count("exec:cleanup")), runs => runs >= 2, "the janitor's first retry of the cleanup",
            betweenReads: () => _bed.FakeTime.Advance(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, await _bed.Client.CountLeftoversAsync());

        clusterBack = true;
        await _bed.WaitForNoLeftoversAsync("the janitor removes the leftover");

        Assert.Equal(WorkflowState.Completed, (await _bed.GetAsync(created.Id)).State);
        Assert.DoesNotContain(_log.Entries, e => e.StartsWith("comp:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_janitor_retries_a_compensation_that_gave_up()
    {
        var reachable = false;
        var options = WorkflowTestBed.FastOptions();
        options.MaxCompensationAttempts = 1;
        options.JanitorInterval = TimeSpan.FromMinutes(1);
        _bed.StartRunner([new WorkflowDefinition("Clone",
        [
            _log.Step("source", compensate: (_, _) => reachable ? Task.CompletedTask : throw new IOException("connection refused")),
            _log.Step("copy", (_, _) => throw WorkflowStepException.Permanent("disk full")),
        ])], options);
        var created = await _bed.CreateAsync("Clone");
        var failed = await _bed.WaitForStateAsync(created.Id, WorkflowState.Failed);
        Assert.Contains("DMS keeps retrying the cleanup in the background", failed.Msg, StringComparison.Ordinal);

        reachable = true;
        await _bed.WaitForNoLeftoversAsync("the janitor removes the leftover");

        Assert.Equal(2, _log.Count("comp:source"));
    }

    [Fact]
    public async Task A_leftover_the_janitor_cannot_remove_for_good_is_dropped_not_retried_forever()
    {
        var options = WorkflowTestBed.FastOptions();
        options.MaxStepAttempts = 1;
        _bed.StartRunner([Clone(cleanup: (_, _) => throw WorkflowStepException.Transient("unreachable"))], options);
        var created = await _bed.CreateAsync("Clone");
        await _bed.WaitForStateAsync(created.Id, WorkflowState.Completed);
        Assert.Equal(1, await _bed.Client.CountLeftoversAsync());

        // The janitor's run finds a permanent failure (e.g. the cluster was detached): nothing more to try.
        await _bed.StopRunnersAsync();
        var permanent = WorkflowTestBed.FastOptions("runner-2");
        _bed.StartRunner([Clone(cleanup: (_, _) => throw WorkflowStepException.Permanent("cluster c-1 is no longer attached"))], permanent);

        await _bed.WaitForNoLeftoversAsync("the janitor drops the leftover");
    }
}
