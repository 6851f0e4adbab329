using Microsoft.Extensions.Logging;

namespace Dms.Workflows;

/// <summary>
/// The durable side of one claimed workflow: its latest journal and progress, written one at a time
/// and only under this claim's lease token; the heartbeat that renews the lease; and the fence.
/// <para>
/// Fencing (DESIGN §4): the lease runs out <c>LeaseDuration</c> after the last renewal the store
/// accepted, by the store's clock. This writer counts from when it *sent* that renewal, on its own
/// monotonic clock, and fences one heartbeat interval before that point — it cancels <see cref="Fenced"/>,
/// which every step's token carries, and writes nothing more. So an instance cut off from the store
/// stops its I/O while its lease is still valid, and a new owner (who can claim only after expiry)
/// never overlaps with it.
/// </para>
/// </summary>
internal sealed class JournalWriter : IDisposable
{
    private readonly IWorkflowStore _store;
    private readonly Guid _id;
    private readonly Guid _leaseToken;
    private readonly WorkflowRunnerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _fenced = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _gate = new();
    private WorkflowJournal _journal;
    private WorkflowProgress _progress;
    private long _renewalSentAt;

    /// <param name="claimSentAt">When the claim that took the lease was sent (<see cref="TimeProvider.GetTimestamp"/>).</param>
    public JournalWriter(IWorkflowStore store, WorkflowRecord workflow, Guid leaseToken, long claimSentAt,
        WorkflowRunnerOptions options, TimeProvider time, ILogger logger)
    {
        _store = store;
        _id = workflow.Id;
        _leaseToken = leaseToken;
        _options = options;
        _time = time;
        _logger = logger;
        _journal = workflow.Journal;
        _progress = workflow.Progress;
        _renewalSentAt = claimSentAt;
    }

    /// <summary>Fires when this instance must stop touching the workflow: the lease was lost, or could not be renewed in time.</summary>
    public CancellationToken Fenced => _fenced.Token;

    public bool IsFenced => _fenced.IsCancellationRequested;

    public WorkflowJournal Journal
    {
        get
        {
            lock (_gate)
            {
                return _journal;
            }
        }
    }

    public WorkflowProgress Progress
    {
        get
        {
            lock (_gate)
            {
                return _progress;
            }
        }
    }

    /// <summary>Changes the journal in memory; it reaches the store with the next write.</summary>
    public void UpdateJournal(Func<WorkflowJournal, WorkflowJournal> change)
    {
        lock (_gate)
        {
            _journal = change(_journal);
        }
    }

    public void UpdateProgress(Func<WorkflowProgress, WorkflowProgress> change)
    {
        lock (_gate)
        {
            _progress = change(_progress);
        }
    }

    /// <summary>Saves the journal and progress; false once fenced.</summary>
    public Task<bool> SaveAsync() =>
        WriteAsync((journal, progress, ct) => _store.SaveJournalAsync(_id, _leaseToken, journal, progress, ct));

    /// <summary>Saves the journal and marks the pivot passed, unless a cancel was accepted first.</summary>
    public async Task<PivotOutcome> PassPivotAsync()
    {
        var outcome = PivotOutcome.LeaseLost;
        await WriteAsync(async (journal, progress, ct) =>
        {
            outcome = await _store.PassPivotAsync(_id, _leaseToken, journal, progress, ct);
            return outcome != PivotOutcome.LeaseLost;
        });
        return outcome;
    }

    /// <summary>Ends the workflow; false when fenced or (for COMPLETED) when a cancel was accepted.</summary>
    public async Task<bool> FinishAsync(WorkflowState state, string? msg, string? resultJson, WorkflowProgress progress, IReadOnlyList<WorkflowLeftover> leftovers)
    {
        UpdateProgress(_ => progress);
        var ended = await WriteAsync((journal, p, ct) => _store.FinishAsync(_id, _leaseToken, state, msg, resultJson, journal, p, leftovers, ct));
        if (ended)
        {
            // Nothing may be written after the end; the heartbeat stops with this.
            await _fenced.CancelAsync();
        }

        return ended;
    }

    /// <summary>Hands the workflow back without ending it (graceful shutdown).</summary>
    public Task<bool> ReleaseAsync() =>
        WriteAsync((journal, progress, ct) => _store.ReleaseAsync(_id, _leaseToken, journal, progress, ct));

    /// <summary>Renews the lease every heartbeat interval until <paramref name="stop"/> or the fence.</summary>
    /// <param name="onCancelRequested">Called when a renewal reads that a cancel was requested.</param>
    public async Task RunHeartbeatAsync(Action onCancelRequested, CancellationToken stop)
    {
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(stop, Fenced);
        var retryInterval = _options.HeartbeatInterval / 5;
        var nextBeat = _renewalSentAt;
        try
        {
            while (true)
            {
                var fenceIn = FenceDeadline - _time.GetTimestamp();
                var beatIn = Math.Max(0, nextBeat + Ticks(_options.HeartbeatInterval) - _time.GetTimestamp());
                if (fenceIn <= 0)
                {
                    await FenceAsync($"the lease could not be renewed for {_time.GetElapsedTime(_renewalSentAt).TotalSeconds:0}s (store unreachable?)");
                    return;
                }

                await Task.Delay(FromTicks(Math.Min(beatIn, fenceIn)), _time, stopped.Token);
                if (_time.GetTimestamp() >= FenceDeadline)
                {
                    continue;
                }

                var sentAt = _time.GetTimestamp();
                switch (await RenewAsync())
                {
                    case { Owned: true } beat:
                        _renewalSentAt = sentAt;
                        nextBeat = sentAt;
                        if (beat.CancelRequested)
                        {
                            onCancelRequested();
                        }

                        break;
                    case null:
                        // Not renewed (store unreachable or slow): try again soon, well before the fence.
                        nextBeat = _time.GetTimestamp() - Ticks(_options.HeartbeatInterval) + Ticks(retryInterval);
                        break;
                    default:
                        return;
                }
            }
        }
        catch (OperationCanceledException) when (stopped.IsCancellationRequested)
        {
        }
    }

    public void Dispose()
    {
        _fenced.Dispose();
        _writeLock.Dispose();
    }

    /// <summary>Where this writer must have stopped all work: a heartbeat interval before the lease can expire.</summary>
    private long FenceDeadline => _renewalSentAt + Ticks(_options.LeaseDuration - _options.HeartbeatInterval);

    /// <summary>The renewal's answer; null when it did not get one before the fence.</summary>
    private async Task<HeartbeatResult?> RenewAsync()
    {
        HeartbeatResult? beat = null;
        var renewal = WriteAsync(async (journal, progress, ct) =>
        {
            beat = await _store.HeartbeatAsync(_id, _leaseToken, _options.LeaseDuration, progress, journal, ct);
            return beat.Value.Owned;
        });
        try
        {
            // Bounded by the fence even if the store call ignores its token (a half-open connection).
            await renewal.WaitAsync(FromTicks(Math.Max(1, FenceDeadline - _time.GetTimestamp())), _time);
        }
        catch (Exception ex) when (!IsFenced)
        {
            _logger.LogWarning(ex is TimeoutException ? null : ex, "Workflow {WorkflowId} heartbeat failed ({Error}); retrying before the lease is at risk", _id, ex.Message);
            return null;
        }

        return IsFenced && beat is null ? HeartbeatResult.Lost : beat;
    }

    /// <summary>One write at a time with the latest journal and progress; a write that finds the lease gone fences.</summary>
    private async Task<bool> WriteAsync(Func<WorkflowJournal, WorkflowProgress, CancellationToken, Task<bool>> write)
    {
        try
        {
            await _writeLock.WaitAsync(Fenced);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        try
        {
            if (IsFenced)
            {
                return false;
            }

            if (await write(Journal, Progress, Fenced))
            {
                return true;
            }
        }
        catch (OperationCanceledException) when (IsFenced)
        {
            return false;
        }
        finally
        {
            _writeLock.Release();
        }

        await FenceAsync("its lease was taken over by another owner");
        return false;
    }

    private async Task FenceAsync(string why)
    {
        if (!IsFenced)
        {
            _logger.LogWarning("Workflow {WorkflowId} fenced: {Reason}; all its work stops here and nothing more is written", _id, why);
            await _fenced.CancelAsync();
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private TimeSpan FromTicks(long timestamps) => TimeSpan.FromSeconds((double)timestamps / _time.TimestampFrequency);
}
