using Microsoft.Extensions.Time.Testing;

namespace Dms.Workflows.Tests;

/// <summary>What every <see cref="IWorkflowStore"/> must do; run once per implementation.</summary>
public abstract partial class WorkflowStoreContractTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private WorkflowTestBed? _bed;

    /// <summary>Why the store cannot be tested here (e.g. no database configured), or null.</summary>
    protected abstract string? SkipReason { get; }

    private protected WorkflowTestBed Bed
    {
        get
        {
            Skip.If(_bed is null, SkipReason);
            return _bed!;
        }
    }

    private IWorkflowStore Store => Bed.Store;

    private FakeTimeProvider Time => Bed.FakeTime;

    public async Task InitializeAsync()
    {
        if (SkipReason is null)
        {
            _bed = await CreateBedAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_bed is not null)
        {
            await _bed.DisposeAsync();
        }
    }

    private protected abstract Task<WorkflowTestBed> CreateBedAsync();

    [SkippableFact]
    public async Task A_created_workflow_is_pending_queued_and_readable()
    {
        var created = await Store.CreateAsync(new NewWorkflow("Copy", """{"size":"42"}""", ["cluster-a", "cluster-b"]));

        var read = await Store.GetAsync(created.Id);

        Assert.NotNull(read);
        Assert.Equal(WorkflowState.Pending, read.State);
        Assert.Equal("Copy", read.Type);
        Assert.Equal("""{"size":"42"}""", read.InputJson);
        Assert.Equal("queued", read.Progress.Stage);
        Assert.Equal(WorkflowTestBed.Epoch, read.CreatedAt);
        Assert.Null(read.StartedAt);
        Assert.Null(read.Lease);
        Assert.Equal(["cluster-a", "cluster-b"], read.ResourceKeys);
        Assert.Empty(read.Journal.CompletedSteps);
    }

    [SkippableFact]
    public async Task Getting_an_unknown_workflow_returns_null()
    {
        Assert.Null(await Store.GetAsync(Guid.NewGuid()));
    }

    [SkippableFact]
    public async Task Workflows_created_in_the_same_microsecond_still_get_strictly_increasing_creation_times()
    {
        var first = await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        var second = await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));

        Assert.True(second.CreatedAt > first.CreatedAt);
    }

    [SkippableFact]
    public async Task Walking_all_pages_of_1000_workflows_while_others_are_created_sees_each_exactly_once_newest_first()
    {
        var existing = new List<Guid>();
        for (var i = 0; i < 1000; i++)
        {
            existing.Add((await Store.CreateAsync(new NewWorkflow("Copy", "{}", []))).Id);
            if (i % 7 == 0)
            {
                Time.Advance(TimeSpan.FromMilliseconds(1));
            }
        }

        using var stopInserting = new CancellationTokenSource();
        var inserting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inserter = Task.Run(async () =>
        {
            var inserted = 0;
            while (!stopInserting.IsCancellationRequested)
            {
                await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
                inserted++;
                inserting.TrySetResult();
            }

            return inserted;
        });
        await inserting.Task;

        var seen = new List<WorkflowRecord>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.ListAsync(97, token is null ? null : Decode(token), WorkflowFilter.None);
            seen.AddRange(page.Workflows);
            token = page.NextPageToken;
            pages++;

            // And some created between two page requests, at the same instant as others.
            await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
            await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        }
        while (token is not null);

        await stopInserting.CancelAsync();
        var inserted = await inserter;

        var seenIds = seen.Select(w => w.Id).ToList();
        Assert.Equal(seenIds.Count, seenIds.Distinct().Count());
        Assert.Empty(existing.Except(seenIds));
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.CreatedAt > p.Second.CreatedAt), "pages are newest first");
        Assert.True(pages >= 11, $"walked {pages} pages");
        Assert.True(inserted > 0, "workflows were created while paging");
    }

    [SkippableFact]
    public async Task The_last_page_has_no_next_token()
    {
        for (var i = 0; i < 5; i++)
        {
            await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        }

        var first = await Store.ListAsync(3, null, WorkflowFilter.None);
        var second = await Store.ListAsync(3, Decode(first.NextPageToken!), WorkflowFilter.None);

        Assert.Equal(3, first.Workflows.Count);
        Assert.Equal(2, second.Workflows.Count);
        Assert.Null(second.NextPageToken);
        Assert.Null((await Store.ListAsync(5, null, WorkflowFilter.None)).NextPageToken);
    }

    [SkippableFact]
    public async Task A_filter_lists_only_the_states_and_types_asked_for_and_pages_through_them()
    {
        var pendingCopies = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            pendingCopies.Add((await Store.CreateAsync(new NewWorkflow("Copy", "{}", []))).Id);
            await Store.CreateAsync(new NewWorkflow("Attach", "{}", []));
        }

        var canceled = (await Store.CreateAsync(new NewWorkflow("Copy", "{}", []))).Id;
        await Store.RequestCancelAsync(canceled);

        var copies = new WorkflowFilter([WorkflowState.Pending], ["Copy"]);
        var first = await Store.ListAsync(3, null, copies);
        var second = await Store.ListAsync(3, Decode(first.NextPageToken!), copies);
        Assert.Equal(pendingCopies.AsEnumerable().Reverse(), first.Workflows.Concat(second.Workflows).Select(w => w.Id));
        Assert.Null(second.NextPageToken);

        var either = await Store.ListAsync(50, null, new WorkflowFilter([WorkflowState.Canceled, WorkflowState.Running], []));
        Assert.Equal([canceled], either.Workflows.Select(w => w.Id));
        Assert.Equal(11, (await Store.ListAsync(50, null, WorkflowFilter.None)).Workflows.Count);
        Assert.Empty((await Store.ListAsync(50, null, new WorkflowFilter([], ["Nothing"]))).Workflows);
    }

    [SkippableFact]
    public async Task Claim_takes_the_oldest_pending_workflow_and_leases_it()
    {
        var oldest = await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        var token = Guid.NewGuid();

        var claimed = await Store.TryClaimAsync(Claim("me", token));

        Assert.NotNull(claimed);
        Assert.Equal(oldest.Id, claimed.Id);
        Assert.Equal(WorkflowState.Running, claimed.State);
        Assert.Equal(new WorkflowLease("me", token, WorkflowTestBed.Epoch + Lease), claimed.Lease);
        Assert.Equal(1, claimed.Attempt);
        Assert.Equal(WorkflowTestBed.Epoch, claimed.StartedAt);
    }

    [SkippableFact]
    public async Task Claim_returns_nothing_when_nothing_is_runnable()
    {
        await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        Assert.NotNull(await Store.TryClaimAsync(Claim("me")));

        Assert.Null(await Store.TryClaimAsync(Claim("other")));
    }

    [SkippableFact]
    public async Task Concurrent_claims_never_hand_one_workflow_to_two_owners()
    {
        for (var i = 0; i < 120; i++)
        {
            await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        }

        var second = await Bed.OpenStoreAsync(Time);
        var claimers = Enumerable.Range(0, 4).Select(n => Task.Run(async () =>
        {
            var store = n % 2 == 0 ? Store : second;
            var mine = new List<Guid>();
            while (await store.TryClaimAsync(Claim($"owner-{n}", maxPerOwner: 1000)) is { } claimed)
            {
                mine.Add(claimed.Id);
            }

            return mine;
        })).ToArray();

        var all = (await Task.WhenAll(claimers)).SelectMany(ids => ids).ToList();

        Assert.Equal(120, all.Count);
        Assert.Equal(120, all.Distinct().Count());
    }

    [SkippableFact]
    public async Task A_running_workflow_is_taken_over_only_after_its_lease_expires()
    {
        var created = await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        var first = Guid.NewGuid();
        await Store.TryClaimAsync(Claim("a", first));

        Time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Null(await Store.TryClaimAsync(Claim("b")));

        Time.Advance(TimeSpan.FromSeconds(1));
        var second = Guid.NewGuid();
        var takenOver = await Store.TryClaimAsync(Claim("b", second));

        Assert.NotNull(takenOver);
        Assert.Equal(created.Id, takenOver.Id);
        Assert.Equal(WorkflowState.Running, takenOver.State);
        Assert.Equal("b", takenOver.Lease!.OwnerId);
        Assert.Equal(2, takenOver.Attempt);
        Assert.Equal(WorkflowTestBed.Epoch, takenOver.StartedAt);
    }

    [SkippableFact]
    public async Task After_a_takeover_every_write_with_the_old_lease_token_changes_nothing()
    {
        var created = await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        var old = Guid.NewGuid();
        await Store.TryClaimAsync(Claim("a", old));
        Time.Advance(Lease);
        await Store.TryClaimAsync(Claim("b"));
        var stale = WorkflowJournal.Empty with { CompletedSteps = ["step-1"], Checkpoint = "stale" };

        var beat = await Store.HeartbeatAsync(created.Id, old, Lease, new WorkflowProgress { Percent = 99 }, stale);
        var saved = await Store.SaveJournalAsync(created.Id, old, stale, new WorkflowProgress { Percent = 99 });
        var finished = await Store.FinishAsync(created.Id, old, WorkflowState.Completed, null, null, stale, new WorkflowProgress());
        var released = await Store.ReleaseAsync(created.Id, old, stale, new WorkflowProgress());

        Assert.False(beat.Owned);
        Assert.False(saved);
        Assert.False(finished);
        Assert.False(released);
        var now = await Bed.GetAsync(created.Id);
        Assert.Equal(WorkflowState.Running, now.State);
        Assert.Equal("b", now.Lease!.OwnerId);
        Assert.Empty(now.Journal.CompletedSteps);
        Assert.Null(now.Journal.Checkpoint);
    }

    [SkippableFact]
    public async Task A_heartbeat_extends_the_lease_and_saves_progress_and_checkpoint()
    {
        var created = await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        var token = Guid.NewGuid();
        await Store.TryClaimAsync(Claim("a", token));
        Time.Advance(TimeSpan.FromSeconds(20));
        var progress = new WorkflowProgress { Percent = 40, Stage = "copy", BytesDone = 400, BytesTotal = 1000, BytesPerSecond = 10, EtaSeconds = 60 };

        var beat = await Store.HeartbeatAsync(created.Id, token, Lease, progress, WorkflowJournal.Empty with { Checkpoint = "offset=400" });

        Assert.Equal(new HeartbeatResult(true, false), beat);
        var now = await Bed.GetAsync(created.Id);
        Assert.Equal(progress, now.Progress);
        Assert.Equal("offset=400", now.Journal.Checkpoint);
        Assert.Equal(Time.GetUtcNow() + Lease, now.Lease!.ExpiresAt);
        Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Null(await Store.TryClaimAsync(Claim("b")));
    }

    [SkippableFact]
    public async Task A_heartbeat_reports_a_cancel_request()
    {
        var created = await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        var token = Guid.NewGuid();
        await Store.TryClaimAsync(Claim("a", token));
        await Store.RequestCancelAsync(created.Id);

        var beat = await Store.HeartbeatAsync(created.Id, token, Lease, new WorkflowProgress(), WorkflowJournal.Empty);

        Assert.Equal(new HeartbeatResult(true, true), beat);
    }

    [SkippableFact]
    public async Task Canceling_a_pending_workflow_ends_it_canceled_at_once()
    {
        var created = await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));

        var result = await Store.RequestCancelAsync(created.Id);

        Assert.Equal(new CancelResult(CancelOutcome.Canceled, WorkflowState.Canceled), result);
        var now = await Bed.GetAsync(created.Id);
        Assert.Equal(WorkflowState.Canceled, now.State);
        Assert.NotNull(now.EndedAt);
        Assert.NotNull(now.Msg);
        Assert.Null(await Store.TryClaimAsync(Claim("a")));
    }

    [SkippableFact]
    public async Task Canceling_a_running_workflow_makes_it_canceling_and_asking_twice_is_harmless()
    {
        var created = await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        await Store.TryClaimAsync(Claim("a"));

        var first = await Store.RequestCancelAsync(created.Id);
        var second = await Store.RequestCancelAsync(created.Id);

        Assert.Equal(new CancelResult(CancelOutcome.CancelRequested, WorkflowState.Canceling), first);
        Assert.Equal(first, second);
        var now = await Bed.GetAsync(created.Id);
        Assert.True(now.CancelRequested);
        Assert.Null(now.EndedAt);
    }

    [SkippableFact]
    public async Task Canceling_an_ended_or_unknown_workflow_reports_why()
    {
        var created = await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        var token = Guid.NewGuid();
        await Store.TryClaimAsync(Claim("a", token));
        await Store.FinishAsync(created.Id, token, WorkflowState.Completed, null, """{"ok":true}""", WorkflowJournal.Empty, new WorkflowProgress { Percent = 100 });
        var canceled = await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        await Store.RequestCancelAsync(canceled.Id);

        Assert.Equal(new CancelResult(CancelOutcome.AlreadyEnded, WorkflowState.Completed), await Store.RequestCancelAsync(created.Id));
        Assert.Equal(new CancelResult(CancelOutcome.AlreadyCanceled, WorkflowState.Canceled), await Store.RequestCancelAsync(canceled.Id));
        Assert.Equal(CancelOutcome.NotFound, (await Store.RequestCancelAsync(Guid.NewGuid())).Outcome);
        Assert.Equal("""{"ok":true}""", (await Bed.GetAsync(created.Id)).ResultJson);
    }

    [SkippableFact]
    public async Task A_released_workflow_can_be_claimed_again_at_once()
    {
        var created = await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        var token = Guid.NewGuid();
        await Store.TryClaimAsync(Claim("a", token));

        Assert.True(await Store.ReleaseAsync(created.Id, token, WorkflowJournal.Empty with { Checkpoint = "at-7" }, new WorkflowProgress()));

        var reclaimed = await Store.TryClaimAsync(Claim("b"));
        Assert.Equal(created.Id, reclaimed?.Id);
        Assert.Equal("at-7", reclaimed?.Journal.Checkpoint);
    }

    [SkippableFact]
    public async Task Claim_respects_the_limit_per_owner()
    {
        for (var i = 0; i < 3; i++)
        {
            await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        }

        Assert.NotNull(await Store.TryClaimAsync(Claim("a", maxPerOwner: 2)));
        Assert.NotNull(await Store.TryClaimAsync(Claim("a", maxPerOwner: 2)));
        Assert.Null(await Store.TryClaimAsync(Claim("a", maxPerOwner: 2)));
        Assert.NotNull(await Store.TryClaimAsync(Claim("b", maxPerOwner: 2)));
    }

    [SkippableFact]
    public async Task Claim_respects_the_limit_per_resource_and_skips_to_workflows_on_other_resources()
    {
        var a1 = await Store.CreateAsync(new NewWorkflow("Copy", "{}", ["cluster-a", "cluster-b"]));
        var a2 = await Store.CreateAsync(new NewWorkflow("Copy", "{}", ["cluster-a"]));
        var c1 = await Store.CreateAsync(new NewWorkflow("Copy", "{}", ["cluster-c"]));
        var b2 = await Store.CreateAsync(new NewWorkflow("Copy", "{}", ["cluster-b"]));

        var first = await Store.TryClaimAsync(Claim("x", maxPerResource: 1));
        var second = await Store.TryClaimAsync(Claim("y", maxPerResource: 1));
        var third = await Store.TryClaimAsync(Claim("x", maxPerResource: 1));

        Assert.Equal(a1.Id, first?.Id);
        Assert.Equal(c1.Id, second?.Id);
        Assert.Null(third);
        Assert.Equal(WorkflowState.Pending, (await Bed.GetAsync(a2.Id)).State);
        Assert.Equal(WorkflowState.Pending, (await Bed.GetAsync(b2.Id)).State);
    }

    [SkippableFact]
    public async Task An_expired_lease_no_longer_counts_against_the_resource_limit()
    {
        await Store.CreateAsync(new NewWorkflow("Copy", "{}", ["cluster-a"]));
        var waiting = await Store.CreateAsync(new NewWorkflow("Copy", "{}", ["cluster-a"]));
        await Store.TryClaimAsync(Claim("x", maxPerResource: 1));
        Time.Advance(Lease);

        // The expired one is older, so it is taken over first; then the limit holds again.
        var takeover = await Store.TryClaimAsync(Claim("y", maxPerResource: 1));
        var next = await Store.TryClaimAsync(Claim("y", maxPerResource: 1));

        Assert.NotEqual(waiting.Id, takeover?.Id);
        Assert.Null(next);
    }

    [SkippableFact]
    public async Task Purge_deletes_only_workflows_that_ended_before_the_cutoff()
    {
        var old = await EndedAsync(WorkflowState.Completed);
        Time.Advance(TimeSpan.FromDays(10));
        var recent = await EndedAsync(WorkflowState.Failed);
        var pending = await Store.CreateAsync(new NewWorkflow("Copy", "{}", ["cluster-a"]));

        var purged = await Store.PurgeEndedAsync(Time.GetUtcNow() - TimeSpan.FromDays(5));

        Assert.Equal(1, purged);
        Assert.Null(await Store.GetAsync(old));
        Assert.NotNull(await Store.GetAsync(recent));
        Assert.NotNull(await Store.GetAsync(pending.Id));
    }

    [SkippableFact]
    public async Task Counts_by_state_include_every_state()
    {
        await EndedAsync(WorkflowState.Failed);
        await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));

        var counts = await Store.CountByStateAsync();

        Assert.Equal(2, counts[WorkflowState.Pending]);
        Assert.Equal(1, counts[WorkflowState.Failed]);
        Assert.Equal(0, counts[WorkflowState.Running]);
        Assert.Equal(Enum.GetValues<WorkflowState>().Length, counts.Count);
    }

    [SkippableFact]
    public async Task Counts_by_type_and_state_name_only_the_pairs_that_have_workflows()
    {
        await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        await Store.CreateAsync(new NewWorkflow("Attach", "{}", []));

        var counts = await Store.CountByTypeAndStateAsync();

        Assert.Equal(2, counts[("Copy", WorkflowState.Pending)]);
        Assert.Equal(1, counts[("Attach", WorkflowState.Pending)]);
        Assert.Equal(2, counts.Count);
    }

    [SkippableFact]
    public async Task A_resource_is_in_use_only_while_a_workflow_using_it_has_not_ended()
    {
        var created = await Store.CreateAsync(new NewWorkflow("Copy", "{}", ["cluster-a"]));

        Assert.True(await Store.IsResourceInUseAsync("cluster-a"));
        Assert.False(await Store.IsResourceInUseAsync("cluster-b"));

        await Store.RequestCancelAsync(created.Id);

        Assert.False(await Store.IsResourceInUseAsync("cluster-a"));
    }

    private static ClaimRequest Claim(string owner, Guid? token = null, int maxPerOwner = 10, int maxPerResource = 10) =>
        new(owner, token ?? Guid.NewGuid(), Lease, maxPerOwner, maxPerResource);

    private static PageToken Decode(string token) =>
        PageToken.TryDecode(token, out var decoded) ? decoded : throw new InvalidOperationException("bad token");

    private async Task<Guid> EndedAsync(WorkflowState state)
    {
        var created = await Store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        var token = Guid.NewGuid();
        var claimed = await Store.TryClaimAsync(Claim($"ender-{created.Id}", token, maxPerOwner: 1000, maxPerResource: 1000));
        Assert.Equal(created.Id, claimed?.Id);
        Assert.True(await Store.FinishAsync(created.Id, token, state, "done", null, WorkflowJournal.Empty, new WorkflowProgress()));
        return created.Id;
    }
}
