namespace Dms.Workflows.Tests;

/// <summary>Passes calls through until <see cref="Crash"/>; then every call fails, as if the process had died.</summary>
internal sealed class CrashableStore(IWorkflowStore inner) : IWorkflowStore
{
    private volatile bool _crashed;
    private volatile bool _hung;
    private TaskCompletionSource _healed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _hangingCalls;

    /// <summary>Calls hanging right now (<see cref="Hang"/>).</summary>
    public int HangingCalls => Volatile.Read(ref _hangingCalls);

    /// <summary>Every call fails at once, as with a refused connection.</summary>
    public void Crash() => _crashed = true;

    /// <summary>Every call hangs, tokens or not, as behind a firewall that drops packets, until <see cref="Heal"/> (then it fails).</summary>
    public void Hang() => _hung = true;

    /// <summary>Calls reach the store again; hung ones fail, as their connection finally resets.</summary>
    public void Heal()
    {
        _crashed = _hung = false;
        Interlocked.Exchange(ref _healed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public Task<WorkflowRecord> CreateAsync(NewWorkflow workflow, CancellationToken ct = default) => Guard(() => inner.CreateAsync(workflow, ct));

    public Task<WorkflowRecord?> GetAsync(Guid id, CancellationToken ct = default) => Guard(() => inner.GetAsync(id, ct));

    public Task<WorkflowPage> ListAsync(int pageSize, PageToken? after, WorkflowFilter filter, CancellationToken ct = default) => Guard(() => inner.ListAsync(pageSize, after, filter, ct));

    public Task<WorkflowRecord?> TryClaimAsync(ClaimRequest request, CancellationToken ct = default) => Guard(() => inner.TryClaimAsync(request, ct));

    public Task<HeartbeatResult> HeartbeatAsync(Guid id, Guid leaseToken, TimeSpan leaseDuration, WorkflowProgress progress, WorkflowJournal journal, CancellationToken ct = default) =>
        Guard(() => inner.HeartbeatAsync(id, leaseToken, leaseDuration, progress, journal, ct));

    public Task<bool> SaveJournalAsync(Guid id, Guid leaseToken, WorkflowJournal journal, WorkflowProgress progress, CancellationToken ct = default) =>
        Guard(() => inner.SaveJournalAsync(id, leaseToken, journal, progress, ct));

    public Task<bool> FinishAsync(Guid id, Guid leaseToken, WorkflowState finalState, string? msg, string? resultJson, WorkflowJournal journal, WorkflowProgress progress, IReadOnlyList<WorkflowLeftover>? leftovers = null, CancellationToken ct = default) =>
        Guard(() => inner.FinishAsync(id, leaseToken, finalState, msg, resultJson, journal, progress, leftovers, ct));

    public Task<PivotOutcome> PassPivotAsync(Guid id, Guid leaseToken, WorkflowJournal journal, WorkflowProgress progress, CancellationToken ct = default) =>
        Guard(() => inner.PassPivotAsync(id, leaseToken, journal, progress, ct));

    public Task<IReadOnlyList<Guid>> ListCancelRequestedAsync(string ownerId, CancellationToken ct = default) => Guard(() => inner.ListCancelRequestedAsync(ownerId, ct));

    public Task<ClaimedLeftover?> TryClaimLeftoverAsync(TimeSpan retryAfter, CancellationToken ct = default) => Guard(() => inner.TryClaimLeftoverAsync(retryAfter, ct));

    public Task ResolveLeftoverAsync(Guid id, WorkflowLeftover leftover, CancellationToken ct = default) => Guard(() => inner.ResolveLeftoverAsync(id, leftover, ct));

    public Task RecordLeftoverErrorAsync(Guid id, WorkflowLeftover leftover, CancellationToken ct = default) => Guard(() => inner.RecordLeftoverErrorAsync(id, leftover, ct));

    public Task<long> CountLeftoversAsync(CancellationToken ct = default) => Guard(() => inner.CountLeftoversAsync(ct));

    public Task<bool> ReleaseAsync(Guid id, Guid leaseToken, WorkflowJournal journal, WorkflowProgress progress, CancellationToken ct = default) =>
        Guard(() => inner.ReleaseAsync(id, leaseToken, journal, progress, ct));

    public Task<CancelResult> RequestCancelAsync(Guid id, CancellationToken ct = default) => Guard(() => inner.RequestCancelAsync(id, ct));

    public Task<int> PurgeEndedAsync(DateTimeOffset endedBefore, CancellationToken ct = default) => Guard(() => inner.PurgeEndedAsync(endedBefore, ct));

    public Task<IReadOnlyDictionary<WorkflowState, long>> CountByStateAsync(CancellationToken ct = default) => Guard(() => inner.CountByStateAsync(ct));

    public Task<IReadOnlyDictionary<(string Type, WorkflowState State), long>> CountByTypeAndStateAsync(CancellationToken ct = default) => Guard(() => inner.CountByTypeAndStateAsync(ct));

    public Task<bool> IsResourceInUseAsync(string resourceKey, CancellationToken ct = default) => Guard(() => inner.IsResourceInUseAsync(resourceKey, ct));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<T> Guard<T>(Func<Task<T>> call)
    {
        await Outage();
        return await call();
    }

    private async Task Guard(Func<Task> call)
    {
        await Outage();
        await call();
    }

    private async Task Outage()
    {
        if (_hung)
        {
            Interlocked.Increment(ref _hangingCalls);
            try
            {
                await _healed.Task;
            }
            finally
            {
                Interlocked.Decrement(ref _hangingCalls);
            }
            throw new IOException("connection reset");
        }

        if (_crashed)
        {
            throw new IOException("the process died");
        }
    }
}
