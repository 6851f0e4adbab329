namespace Dms.Workflows.Storage;

/// <summary>
/// Durable workflow rows. Keeps SQL out of the engine; one implementation per database.
/// Methods taking a lease token change nothing and report "not owned" when the token no longer
/// matches: that is the fence that stops a runner whose lease was taken over.
/// </summary>
public interface IWorkflowStore : IAsyncDisposable
{
    /// <summary>Inserts a PENDING workflow. Its createdAt is strictly after every existing one, so list paging stays stable.</summary>
    Task<WorkflowRecord> CreateAsync(NewWorkflow workflow, CancellationToken ct = default);

    Task<WorkflowRecord?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>Newest first; <paramref name="after"/> is the previous page's last (createdAt, id). Caller validates pageSize.</summary>
    Task<WorkflowPage> ListAsync(int pageSize, PageToken? after, WorkflowFilter filter, CancellationToken ct = default);

    /// <summary>
    /// Atomically takes the oldest runnable workflow (PENDING, or RUNNING/CANCELING with an expired lease)
    /// within the limits; PENDING becomes RUNNING. Null when nothing is runnable.
    /// </summary>
    Task<WorkflowRecord?> TryClaimAsync(ClaimRequest request, CancellationToken ct = default);

    /// <summary>Extends the lease, saves progress and journal, reads cancelRequested.</summary>
    Task<HeartbeatResult> HeartbeatAsync(Guid id, Guid leaseToken, TimeSpan leaseDuration, WorkflowProgress progress, WorkflowJournal journal, CancellationToken ct = default);

    /// <summary>Saves the journal (step completed, resource created) and progress.</summary>
    Task<bool> SaveJournalAsync(Guid id, Guid leaseToken, WorkflowJournal journal, WorkflowProgress progress, CancellationToken ct = default);

    /// <summary>
    /// Ends the workflow (COMPLETED, FAILED or CANCELED), drops the lease and hands <paramref name="leftovers"/>
    /// to the janitor, in one transaction. COMPLETED is refused (false) once a cancel was accepted.
    /// </summary>
    Task<bool> FinishAsync(Guid id, Guid leaseToken, WorkflowState finalState, string? msg, string? resultJson, WorkflowJournal journal, WorkflowProgress progress, IReadOnlyList<WorkflowLeftover>? leftovers = null, CancellationToken ct = default);

    /// <summary>Saves the journal and marks the pivot passed, unless a cancel was accepted first; from then on cancel is refused.</summary>
    Task<PivotOutcome> PassPivotAsync(Guid id, Guid leaseToken, WorkflowJournal journal, WorkflowProgress progress, CancellationToken ct = default);

    /// <summary>Workflows <paramref name="ownerId"/> runs whose cancel was requested (how a cancel reaches another instance).</summary>
    Task<IReadOnlyList<Guid>> ListCancelRequestedAsync(string ownerId, CancellationToken ct = default);

    /// <summary>Takes a due leftover and pushes its next try <paramref name="retryAfter"/> away; null when none is due.</summary>
    Task<ClaimedLeftover?> TryClaimLeftoverAsync(TimeSpan retryAfter, CancellationToken ct = default);

    /// <summary>The leftover's work succeeded: forget it.</summary>
    Task ResolveLeftoverAsync(Guid id, WorkflowLeftover leftover, CancellationToken ct = default);

    /// <summary>The leftover's work failed again: remember why (it stays due at its pushed-back time).</summary>
    Task RecordLeftoverErrorAsync(Guid id, WorkflowLeftover leftover, CancellationToken ct = default);

    /// <summary>How many leftovers wait for the janitor, for metrics.</summary>
    Task<long> CountLeftoversAsync(CancellationToken ct = default);

    /// <summary>Gives a workflow up without ending it (graceful shutdown), saving its journal, so another runner may claim it at once.</summary>
    Task<bool> ReleaseAsync(Guid id, Guid leaseToken, WorkflowJournal journal, WorkflowProgress progress, CancellationToken ct = default);

    /// <summary>PENDING → CANCELED; RUNNING → CANCELING with cancelRequested, unless it passed its pivot; see <see cref="CancelOutcome"/>.</summary>
    Task<CancelResult> RequestCancelAsync(Guid id, CancellationToken ct = default);

    /// <summary>Deletes ended workflows whose endedAt is before <paramref name="endedBefore"/> and that have no leftovers; returns how many.</summary>
    Task<int> PurgeEndedAsync(DateTimeOffset endedBefore, CancellationToken ct = default);

    Task<IReadOnlyDictionary<WorkflowState, long>> CountByStateAsync(CancellationToken ct = default);

    /// <summary>Workflows per type and state, for metrics; a pair no workflow is in is absent.</summary>
    Task<IReadOnlyDictionary<(string Type, WorkflowState State), long>> CountByTypeAndStateAsync(CancellationToken ct = default);

    /// <summary>True when a workflow that has not ended uses <paramref name="resourceKey"/>.</summary>
    Task<bool> IsResourceInUseAsync(string resourceKey, CancellationToken ct = default);
}
