namespace Dms.Workflows.Tests;

/// <summary>Passes calls through until <see cref="Crash"/>; then every call fails, as if the process had died.</summary>
internal sealed class CrashableStore(IWorkflowStore inner) : IWorkflowStore
{
    private volatile bool _crashed;

    public void Crash() => _crashed = true;

    public Task<WorkflowRecord> CreateAsync(NewWorkflow workflow, CancellationToken ct = default) => Guard(() => inner.CreateAsync(workflow, ct));

    public Task<WorkflowRecord?> GetAsync(Guid id, CancellationToken ct = default) => Guard(() => inner.GetAsync(id, ct));

    public Task<WorkflowPage> ListAsync(int pageSize, PageToken? after, CancellationToken ct = default) => Guard(() => inner.ListAsync(pageSize, after, ct));

    public Task<WorkflowRecord?> TryClaimAsync(ClaimRequest request, CancellationToken ct = default) => Guard(() => inner.TryClaimAsync(request, ct));

    public Task<HeartbeatResult> HeartbeatAsync(Guid id, Guid leaseToken, TimeSpan leaseDuration, WorkflowProgress progress, WorkflowJournal journal, CancellationToken ct = default) =>
        Guard(() => inner.HeartbeatAsync(id, leaseToken, leaseDuration, progress, journal, ct));

    public Task<bool> SaveJournalAsync(Guid id, Guid leaseToken, WorkflowJournal journal, WorkflowProgress progress, CancellationToken ct = default) =>
        Guard(() => inner.SaveJournalAsync(id, leaseToken, journal, progress, ct));

    public Task<bool> FinishAsync(Guid id, Guid leaseToken, WorkflowState finalState, string? msg, string? resultJson, WorkflowJournal journal, WorkflowProgress progress, CancellationToken ct = default) =>
        Guard(() => inner.FinishAsync(id, leaseToken, finalState, msg, resultJson, journal, progress, ct));

    public Task<bool> ReleaseAsync(Guid id, Guid leaseToken, WorkflowJournal journal, WorkflowProgress progress, CancellationToken ct = default) =>
        Guard(() => inner.ReleaseAsync(id, leaseToken, journal, progress, ct));

    public Task<CancelResult> RequestCancelAsync(Guid id, CancellationToken ct = default) => Guard(() => inner.RequestCancelAsync(id, ct));

    public Task<int> PurgeEndedAsync(DateTimeOffset endedBefore, CancellationToken ct = default) => Guard(() => inner.PurgeEndedAsync(endedBefore, ct));

    public Task<IReadOnlyDictionary<WorkflowState, long>> CountByStateAsync(CancellationToken ct = default) => Guard(() => inner.CountByStateAsync(ct));

    public Task<bool> IsResourceInUseAsync(string resourceKey, CancellationToken ct = default) => Guard(() => inner.IsResourceInUseAsync(resourceKey, ct));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Task<T> Guard<T>(Func<Task<T>> call) =>
        _crashed ? Task.FromException<T>(new IOException("the process died")) : call();
}
