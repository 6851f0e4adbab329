namespace Dms.Workflows.Tests;

/// <summary>The store's part of cancel, pivot and the janitor's work list.</summary>
public abstract partial class WorkflowStoreContractTests
{
    [SkippableFact]
    public async Task Once_the_pivot_is_passed_cancel_is_refused_as_result_delivered()
    {
        var (id, token) = await RunningAsync();

        Assert.Equal(PivotOutcome.Passed, await Store.PassPivotAsync(id, token, WorkflowJournal.Empty, new WorkflowProgress()));
        var refused = await Store.RequestCancelAsync(id);

        Assert.Equal(new CancelResult(CancelOutcome.ResultDelivered, WorkflowState.Running), refused);
        Assert.False((await Bed.GetAsync(id)).CancelRequested);
    }

    [SkippableFact]
    public async Task A_cancel_accepted_first_refuses_the_pivot_and_the_completion()
    {
        var (id, token) = await RunningAsync();
        Assert.Equal(CancelOutcome.CancelRequested, (await Store.RequestCancelAsync(id)).Outcome);

        Assert.Equal(PivotOutcome.CancelRequested, await Store.PassPivotAsync(id, token, WorkflowJournal.Empty, new WorkflowProgress()));
        Assert.False(await Store.FinishAsync(id, token, WorkflowState.Completed, null, null, WorkflowJournal.Empty, new WorkflowProgress()));
        Assert.True(await Store.FinishAsync(id, token, WorkflowState.Canceled, "canceled", null, WorkflowJournal.Empty, new WorkflowProgress()));
    }

    [SkippableFact]
    public async Task Passing_the_pivot_under_a_lost_lease_says_so()
    {
        var (id, _) = await RunningAsync();

        Assert.Equal(PivotOutcome.LeaseLost, await Store.PassPivotAsync(id, Guid.NewGuid(), WorkflowJournal.Empty, new WorkflowProgress()));
    }

    [SkippableFact]
    public async Task Cancels_to_deliver_are_listed_for_the_owner_that_runs_them()
    {
        var (mine, _) = await RunningAsync("me");
        var (theirs, _) = await RunningAsync("them");
        var (quiet, _) = await RunningAsync("me");
        await Store.RequestCancelAsync(mine);
        await Store.RequestCancelAsync(theirs);

        Assert.Equal([mine], await Store.ListCancelRequestedAsync("me"));
        Assert.NotEqual(mine, quiet);
    }

    [SkippableFact]
    public async Task A_leftover_is_taken_by_one_janitor_at_a_time_until_resolved_and_keeps_its_workflow_from_purge()
    {
        var (id, token) = await RunningAsync();
        var leftover = new WorkflowLeftover("cleanup", LeftoverWork.Execute, "source cluster unreachable");
        Assert.True(await Store.FinishAsync(id, token, WorkflowState.Completed, null, null, WorkflowJournal.Empty, new WorkflowProgress(), [leftover]));

        var taken = await Store.TryClaimLeftoverAsync(TimeSpan.FromMinutes(1));
        Assert.Null(await Store.TryClaimLeftoverAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(new ClaimedLeftover(taken!.Workflow, leftover, 1), taken);
        Assert.Equal(id, taken.Workflow.Id);

        await Store.RecordLeftoverErrorAsync(id, leftover with { Error = "still unreachable" });
        Time.Advance(TimeSpan.FromDays(60));
        Assert.Equal(0, await Store.PurgeEndedAsync(Time.GetUtcNow()));
        var again = await Store.TryClaimLeftoverAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(("still unreachable", 2), (again!.Leftover.Error, again.Attempts));
        Assert.Equal(1, await Store.CountLeftoversAsync());

        await Store.ResolveLeftoverAsync(id, leftover);

        Assert.Equal(0, await Store.CountLeftoversAsync());
        Assert.Equal(1, await Store.PurgeEndedAsync(Time.GetUtcNow()));
    }

    private async Task<(Guid Id, Guid Token)> RunningAsync(string owner = "me")
    {
        var created = await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        var token = Guid.NewGuid();
        while (await Store.TryClaimAsync(Claim(owner, token)) is { } claimed && claimed.Id != created.Id)
        {
            token = Guid.NewGuid();
        }

        return (created.Id, token);
    }
}
