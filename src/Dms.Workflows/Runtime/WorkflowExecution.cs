using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Dms.Workflows;

/// <summary>
/// Runs one claimed workflow to its end (or until its lease is lost or the runner stops):
/// steps with retries, a heartbeat every lease/3, compensation on failure or cancel.
/// Every store write is conditioned on this claim's lease token; once one reports the lease
/// lost, nothing more is written.
/// </summary>
internal sealed class WorkflowExecution : IStepHost, IDisposable
{
    private readonly IWorkflowStore _store;
    private readonly WorkflowDefinition _definition;
    private readonly WorkflowRecord _workflow;
    private readonly Guid _leaseToken;
    private readonly WorkflowRunnerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ILogger _stepLogger;
    private readonly CancellationToken _stopping;
    private readonly CancellationTokenSource _cancelRequested = new();
    private readonly CancellationTokenSource _leaseLost = new();

    // Serialises store writes so an older snapshot (a slow heartbeat) never lands after a newer one.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _gate = new();
    private WorkflowJournal _journal;
    private WorkflowProgress _progress;
    private bool _ended;

    public WorkflowExecution(
        IWorkflowStore store, WorkflowDefinition definition, WorkflowRecord workflow, Guid leaseToken,
        WorkflowRunnerOptions options, TimeProvider time, ILoggerFactory loggers, CancellationToken stopping)
    {
        _store = store;
        _definition = definition;
        _workflow = workflow;
        _leaseToken = leaseToken;
        _options = options;
        _time = time;
        _logger = loggers.CreateLogger<WorkflowExecution>();
        _stepLogger = loggers.CreateLogger($"Dms.Workflows.Steps.{definition.Type}");
        _stopping = stopping;
        _journal = workflow.Journal;
        _progress = workflow.Progress;
    }

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

    private Guid Id => _workflow.Id;

    private bool Abandoning => _leaseLost.IsCancellationRequested || _stopping.IsCancellationRequested;

    public async Task RunAsync()
    {
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["WorkflowId"] = Id, ["WorkflowType"] = _workflow.Type });
        _logger.LogInformation("Workflow {WorkflowId} ({WorkflowType}) claimed, attempt {Attempt}, state {State}, {Done}/{Total} steps done",
            Id, _workflow.Type, _workflow.Attempt, _workflow.State.ToWireName(), _workflow.Journal.CompletedSteps.Count, _definition.Steps.Count);
        if (_workflow.CancelRequested)
        {
            await _cancelRequested.CancelAsync();
        }

        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = HeartbeatLoopAsync(stopHeartbeat.Token);
        try
        {
            await RunStepsAsync();
        }
        catch (Exception ex) when (!_leaseLost.IsCancellationRequested)
        {
            // A store failure while saving: stop here; the lease expires and the workflow is resumed from its journal.
            _logger.LogError(ex, "Workflow {WorkflowId} stopped by an engine error; it resumes when its lease expires", Id);
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeat;
        }

        if (_stopping.IsCancellationRequested && !_ended && !_leaseLost.IsCancellationRequested)
        {
            // Graceful shutdown: hand the workflow back so the next instance need not wait for the lease.
            if (await TryWriteAsync((journal, progress) => _store.ReleaseAsync(Id, _leaseToken, journal, progress, CancellationToken.None)))
            {
                _logger.LogInformation("Workflow {WorkflowId} handed back: runner stopping", Id);
            }
        }
    }

    public void Dispose()
    {
        _cancelRequested.Dispose();
        _leaseLost.Dispose();
        _writeLock.Dispose();
    }

    private async Task RunStepsAsync()
    {
        var steps = _definition.Steps;
        var next = FirstUnfinishedStep();
        if (Journal.Failure is { } failure)
        {
            _logger.LogInformation("Workflow {WorkflowId} resumes its cleanup after failure: {Failure}", Id, failure);
            await FailAsync(failure, Math.Min(next, steps.Count - 1));
            return;
        }

        for (var i = next; i < steps.Count; i++)
        {
            if (_cancelRequested.IsCancellationRequested)
            {
                // Step i has not started here; it may have, halfway, under an earlier claim.
                var mayHaveStarted = i == next && _workflow.Attempt > 1;
                await CancelAsync(mayHaveStarted ? i : i - 1);
                return;
            }

            var outcome = await ExecuteStepAsync(steps[i]);
            switch (outcome.Kind)
            {
                case StepOutcomeKind.Completed:
                    lock (_gate)
                    {
                        _journal = _journal with { CompletedSteps = [.. _journal.CompletedSteps, steps[i].Name], Checkpoint = null };
                        if (!_definition.ReportsOwnProgress)
                        {
                            _progress = _progress with { Percent = Math.Max(_progress.Percent, 100 * (i + 1) / steps.Count) };
                        }
                    }

                    if (!await SaveJournalAsync())
                    {
                        return;
                    }

                    _logger.LogInformation("Workflow {WorkflowId} step {Step} completed", Id, steps[i].Name);
                    break;
                case StepOutcomeKind.Canceled:
                    await CancelAsync(i);
                    return;
                case StepOutcomeKind.Failed:
                    await FailAsync(outcome.FailureMessage!, i);
                    return;
                default:
                    return;
            }
        }

        if (_cancelRequested.IsCancellationRequested)
        {
            _logger.LogInformation("Workflow {WorkflowId} finished all steps before the cancel request took effect; it completes", Id);
        }

        var journal = Journal;
        await FinishAsync(WorkflowState.Completed, null, journal.Result?.GetRawText(), new WorkflowProgress { Percent = 100, Stage = "completed" });
    }

    private int FirstUnfinishedStep()
    {
        var done = Journal.CompletedSteps;
        var steps = _definition.Steps;
        for (var i = 0; i < steps.Count; i++)
        {
            if (!done.Contains(steps[i].Name, StringComparer.Ordinal))
            {
                return i;
            }
        }

        return steps.Count;
    }

    private async Task<StepOutcome> ExecuteStepAsync(IWorkflowStep step)
    {
        if (!_definition.ReportsOwnProgress)
        {
            lock (_gate)
            {
                _progress = _progress with { Stage = step.Name };
            }
        }

        // Shows the step at once rather than at the next heartbeat, and proves the lease before starting.
        if (!await SaveJournalAsync())
        {
            return StepOutcome.Abandoned;
        }

        for (var attempt = 1; ; attempt++)
        {
            using var stepToken = CancellationTokenSource.CreateLinkedTokenSource(_stopping, _cancelRequested.Token, _leaseLost.Token);
            var context = new StepContext(this, _workflow, step.Name, attempt, _stepLogger);
            _logger.LogInformation("Workflow {WorkflowId} step {Step} starting, try {Try}", Id, step.Name, attempt);
            Exception error;
            try
            {
                await step.ExecuteAsync(context, stepToken.Token);
                return StepOutcome.Completed;
            }
            catch (Exception ex)
            {
                error = ex;
            }

            if (Abandoning)
            {
                return StepOutcome.Abandoned;
            }

            if (_cancelRequested.IsCancellationRequested)
            {
                _logger.LogInformation("Workflow {WorkflowId} step {Step} interrupted by cancel", Id, step.Name);
                return StepOutcome.Canceled;
            }

            var failure = StepFailure.Classify(error);
            if (!failure.IsRetryable)
            {
                _logger.LogWarning(error, "Workflow {WorkflowId} step {Step} failed permanently", Id, step.Name);
                return StepOutcome.Failed($"step '{step.Name}' failed{failure.Where}: {failure.Message}");
            }

            if (attempt >= _options.MaxStepAttempts)
            {
                _logger.LogWarning(error, "Workflow {WorkflowId} step {Step} failed {Tries} times, giving up", Id, step.Name, attempt);
                return StepOutcome.Failed($"step '{step.Name}' failed{failure.Where} after {attempt} attempts: {failure.Message}");
            }

            var delay = failure.NextRetryDelay ?? RetryBackoff.Delay(attempt, _options.InitialRetryDelay, _options.MaxRetryDelay);
            _logger.LogWarning(error, "Workflow {WorkflowId} step {Step} failed transiently (try {Try}), retrying in {Delay}", Id, step.Name, attempt, delay);
            try
            {
                await Task.Delay(delay, _time, stepToken.Token);
            }
            catch (OperationCanceledException)
            {
                return Abandoning ? StepOutcome.Abandoned : StepOutcome.Canceled;
            }
        }
    }

    /// <param name="lastStartedStep">-1 when no step ever started.</param>
    private async Task CancelAsync(int lastStartedStep)
    {
        _logger.LogInformation("Workflow {WorkflowId} canceling: compensating {Count} steps", Id, lastStartedStep + 1);
        var failures = await CompensateAsync(lastStartedStep);
        if (failures is null)
        {
            return;
        }

        if (failures.Count == 0)
        {
            await FinishAsync(WorkflowState.Canceled, "canceled by request; cleanup done", null, new WorkflowProgress { Percent = _progress.Percent, Stage = "canceled" });
        }
        else
        {
            await FinishAsync(WorkflowState.Failed, $"canceled by request, but {DescribeCleanupFailures(failures)}", null, new WorkflowProgress { Percent = _progress.Percent, Stage = "failed" });
        }
    }

    private async Task FailAsync(string failure, int failedStep)
    {
        lock (_gate)
        {
            _journal = _journal with { Failure = failure };
        }

        if (!await SaveJournalAsync())
        {
            return;
        }

        _logger.LogWarning("Workflow {WorkflowId} failing ({Failure}): compensating steps up to {Step}", Id, failure, _definition.Steps[failedStep].Name);
        var failures = await CompensateAsync(failedStep);
        if (failures is null)
        {
            return;
        }

        var msg = failures.Count == 0 ? failure : $"{failure}; {DescribeCleanupFailures(failures)}";
        await FinishAsync(WorkflowState.Failed, msg, null, new WorkflowProgress { Percent = _progress.Percent, Stage = "failed" });
    }

    /// <summary>Compensates steps <paramref name="fromStep"/>…0 in reverse; the names and errors of those that kept failing, or null when abandoned.</summary>
    private async Task<List<(string Step, string Error)>?> CompensateAsync(int fromStep)
    {
        var failures = new List<(string Step, string Error)>();
        for (var i = fromStep; i >= 0; i--)
        {
            var step = _definition.Steps[i];
            if (Journal.CompensatedSteps.Contains(step.Name, StringComparer.Ordinal))
            {
                continue;
            }

            lock (_gate)
            {
                _progress = _progress with { Stage = $"compensating {step.Name}" };
            }

            for (var attempt = 1; ; attempt++)
            {
                using var token = CancellationTokenSource.CreateLinkedTokenSource(_stopping, _leaseLost.Token);
                var context = new StepContext(this, _workflow, step.Name, attempt, _stepLogger);
                Exception error;
                try
                {
                    await step.CompensateAsync(context, token.Token);
                    break;
                }
                catch (Exception ex)
                {
                    error = ex;
                }

                if (Abandoning)
                {
                    return null;
                }

                if (attempt >= _options.MaxCompensationAttempts)
                {
                    _logger.LogError(error, "Workflow {WorkflowId} compensation of step {Step} failed {Tries} times, giving up", Id, step.Name, attempt);
                    failures.Add((step.Name, $"{error.Message} (after {attempt} attempts)"));
                    break;
                }

                var delay = RetryBackoff.Delay(attempt, _options.InitialRetryDelay, _options.MaxRetryDelay);
                _logger.LogWarning(error, "Workflow {WorkflowId} compensation of step {Step} failed (try {Try}), retrying in {Delay}", Id, step.Name, attempt, delay);
                try
                {
                    await Task.Delay(delay, _time, token.Token);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
            }

            if (failures.Count > 0 && failures[^1].Step == step.Name)
            {
                continue;
            }

            lock (_gate)
            {
                _journal = _journal with { CompensatedSteps = [.. _journal.CompensatedSteps, step.Name] };
            }

            if (!await SaveJournalAsync())
            {
                return null;
            }

            _logger.LogInformation("Workflow {WorkflowId} step {Step} compensated", Id, step.Name);
        }

        return failures;
    }

    private string DescribeCleanupFailures(List<(string Step, string Error)> failures)
    {
        var resources = Journal.Resources;
        var parts = failures.Select(f =>
        {
            var left = resources.Where(r => r.Step == f.Step).Select(r => r.Name).ToList();
            var leftText = left.Count == 0 ? "" : $"; possibly left behind: {string.Join(", ", left)}";
            return $"could not clean up after step '{f.Step}': {f.Error}{leftText}";
        });
        return string.Join("; ", parts);
    }

    private async Task FinishAsync(WorkflowState state, string? msg, string? resultJson, WorkflowProgress progress)
    {
        lock (_gate)
        {
            _progress = progress;
        }

        _ended = await TryWriteAsync((journal, p) => _store.FinishAsync(Id, _leaseToken, state, msg, resultJson, journal, p, CancellationToken.None));
        if (_ended)
        {
            _logger.LogInformation("Workflow {WorkflowId} ended {State}: {Msg}", Id, state.ToWireName(), msg ?? "ok");
        }
    }

    private Task<bool> SaveJournalAsync() =>
        TryWriteAsync((journal, progress) => _store.SaveJournalAsync(Id, _leaseToken, journal, progress, CancellationToken.None));

    /// <summary>Writes the latest journal and progress; false (and the lease marked lost) when the lease is gone.</summary>
    private async Task<bool> TryWriteAsync(Func<WorkflowJournal, WorkflowProgress, Task<bool>> write)
    {
        if (_leaseLost.IsCancellationRequested)
        {
            return false;
        }

        await _writeLock.WaitAsync(CancellationToken.None);
        try
        {
            if (_leaseLost.IsCancellationRequested)
            {
                return false;
            }

            WorkflowJournal journal;
            WorkflowProgress progress;
            lock (_gate)
            {
                journal = _journal;
                progress = _progress;
            }

            if (await write(journal, progress))
            {
                return true;
            }
        }
        finally
        {
            _writeLock.Release();
        }

        await LoseLeaseAsync();
        return false;
    }

    private async Task HeartbeatLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                HeartbeatResult beat = HeartbeatResult.Lost;
                try
                {
                    await TryWriteAsync(async (journal, progress) =>
                    {
                        beat = await _store.HeartbeatAsync(Id, _leaseToken, _options.LeaseDuration, progress, journal, CancellationToken.None);
                        return beat.Owned;
                    });
                }
                catch (Exception ex)
                {
                    // The lease outlives two missed heartbeats; try again at the next tick.
                    _logger.LogWarning(ex, "Workflow {WorkflowId} heartbeat failed", Id);
                    continue;
                }

                if (!beat.Owned)
                {
                    return;
                }

                if (beat.CancelRequested && !_cancelRequested.IsCancellationRequested)
                {
                    _logger.LogInformation("Workflow {WorkflowId} cancel requested", Id);
                    await _cancelRequested.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task LoseLeaseAsync()
    {
        if (!_leaseLost.IsCancellationRequested)
        {
            _logger.LogWarning("Workflow {WorkflowId} lease lost (another owner took it over); abandoning without further writes", Id);
            await _leaseLost.CancelAsync();
        }
    }

    WorkflowJournal IStepHost.Journal => Journal;

    void IStepHost.SetCheckpoint(string? checkpoint)
    {
        lock (_gate)
        {
            _journal = _journal with { Checkpoint = checkpoint };
        }
    }

    async Task IStepHost.RecordResourceAsync(WorkflowResource resource, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_journal.Resources.Contains(resource))
            {
                return;
            }

            _journal = _journal with { Resources = [.. _journal.Resources, resource] };
        }

        if (!await SaveJournalAsync())
        {
            throw new OperationCanceledException("the workflow's lease was lost; it is owned by another runner now", _leaseLost.Token);
        }
    }

    void IStepHost.ReportProgress(WorkflowProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        lock (_gate)
        {
            _progress = progress;
        }
    }

    void IStepHost.SetResult(JsonElement result)
    {
        lock (_gate)
        {
            _journal = _journal with { Result = result };
        }
    }
}
