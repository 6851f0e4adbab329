using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Dms.Workflows.Runtime;

/// <summary>
/// Runs one claimed workflow's saga to its end (or until it is fenced or the runner stops): steps with
/// retries, the pivot, compensation on failure or cancel. What is durable — journal, progress, lease,
/// fence — is the <see cref="JournalWriter"/>'s; this class decides what happens next.
/// <para>
/// Before the pivot a cancel or a failure compensates every started step. After it the result belongs to
/// the user: a later step that keeps failing becomes a leftover for the janitor and a warning in the
/// result, and the workflow still ends COMPLETED.
/// </para>
/// </summary>
internal sealed class WorkflowExecution : IStepHost, IDisposable
{
    private readonly WorkflowDefinition _definition;
    private readonly WorkflowRecord _workflow;
    private readonly JournalWriter _writer;
    private readonly WorkflowRunnerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ILogger _stepLogger;
    private readonly CancellationToken _stopping;
    private readonly CancellationTokenSource _cancelRequested = new();
    private readonly List<WorkflowLeftover> _leftovers = [];

    public WorkflowExecution(
        IWorkflowStore store, WorkflowDefinition definition, WorkflowRecord workflow, Guid leaseToken, long claimSentAt,
        WorkflowRunnerOptions options, TimeProvider time, ILoggerFactory loggers, CancellationToken stopping)
    {
        _definition = definition;
        _workflow = workflow;
        _options = options;
        _time = time;
        _logger = loggers.CreateLogger<WorkflowExecution>();
        _stepLogger = loggers.CreateLogger($"Dms.Workflows.Steps.{definition.Type}");
        _stopping = stopping;
        _writer = new JournalWriter(store, workflow, leaseToken, claimSentAt, options, time, _logger);
    }

    public Guid Id => _workflow.Id;

    private bool Abandoning => _writer.IsFenced || _stopping.IsCancellationRequested;

    private bool Ended { get; set; }

    /// <summary>A cancel was accepted by the store: interrupt the running step now (any thread).</summary>
    public void RequestCancel()
    {
        try
        {
            if (!_cancelRequested.IsCancellationRequested)
            {
                _logger.LogInformation("Workflow {WorkflowId} cancel requested", Id);
                _cancelRequested.Cancel();
            }
        }
        catch (ObjectDisposedException)
        {
            // The execution ended meanwhile: nothing left to interrupt.
        }
    }

    public async Task RunAsync()
    {
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["WorkflowId"] = Id, ["WorkflowType"] = _workflow.Type });
        // The parent of this claim's step spans, so a trace shows one run of the workflow.
        using var activity = WorkflowTelemetry.Source.StartActivity($"workflow {_workflow.Type}");
        activity?.SetTag("dms.workflow.id", Id.ToString());
        activity?.SetTag("dms.workflow.type", _workflow.Type);
        activity?.SetTag("dms.workflow.attempt", _workflow.Attempt);
        _logger.LogInformation("Workflow {WorkflowId} ({WorkflowType}) claimed, attempt {Attempt}, state {State}, {Done}/{Total} steps done",
            Id, _workflow.Type, _workflow.Attempt, _workflow.State.ToWireName(), _workflow.Journal.CompletedSteps.Count, _definition.Steps.Count);
        if (_workflow.CancelRequested)
        {
            RequestCancel();
        }

        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = _writer.RunHeartbeatAsync(RequestCancel, stopHeartbeat.Token);
        try
        {
            await RunStepsAsync();
        }
        catch (Exception ex) when (!_writer.IsFenced)
        {
            // A store failure while saving: stop here; the lease expires and the workflow is resumed from its journal.
            _logger.LogError(ex, "Workflow {WorkflowId} stopped by an engine error; it resumes when its lease expires", Id);
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeat;
        }

        if (_stopping.IsCancellationRequested && !Ended && !_writer.IsFenced && await _writer.ReleaseAsync())
        {
            // Graceful shutdown: the next instance need not wait for the lease.
            _logger.LogInformation("Workflow {WorkflowId} handed back: runner stopping", Id);
        }
    }

    public void Dispose()
    {
        _cancelRequested.Dispose();
        _writer.Dispose();
    }

    private async Task RunStepsAsync()
    {
        var steps = _definition.Steps;
        var next = FirstUnfinishedStep();
        if (_writer.Journal.Failure is { } failure)
        {
            _logger.LogInformation("Workflow {WorkflowId} resumes its cleanup after failure: {Failure}", Id, failure);
            await FailAsync(failure, Math.Min(next, steps.Count - 1));
            return;
        }

        for (var i = next; i < steps.Count; i++)
        {
            var delivered = i > _definition.PivotIndex;
            if (!delivered && _cancelRequested.IsCancellationRequested)
            {
                // Step i has not started here; it may have, halfway, under an earlier claim.
                var mayHaveStarted = i == next && _workflow.Attempt > 1;
                await CancelAsync(mayHaveStarted ? i : i - 1);
                return;
            }

            var outcome = await ExecuteStepAsync(steps[i], cancellable: !delivered);
            switch (outcome.Kind)
            {
                case StepOutcomeKind.Completed:
                    _writer.UpdateJournal(journal => journal with { CompletedSteps = [.. journal.CompletedSteps, steps[i].Name], Checkpoint = null });
                    if (!_definition.ReportsOwnProgress)
                    {
                        var percent = 100 * (i + 1) / steps.Count;
                        _writer.UpdateProgress(progress => progress with { Percent = Math.Max(progress.Percent, percent) });
                    }

                    if (!await SaveStepAsync(i))
                    {
                        return;
                    }

                    _logger.LogInformation("Workflow {WorkflowId} step {Step} completed", Id, steps[i].Name);
                    break;
                case StepOutcomeKind.Failed when delivered:
                    // The result is the user's: leave this work to the janitor rather than undo the result.
                    _logger.LogWarning("Workflow {WorkflowId} step {Step} after the pivot failed; the janitor retries it: {Failure}", Id, steps[i].Name, outcome.FailureMessage);
                    _leftovers.Add(new WorkflowLeftover(steps[i].Name, LeftoverWork.Execute, outcome.FailureMessage!));
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

        var warnings = _leftovers.Select(l => $"{l.Error}; DMS keeps retrying '{l.Step}' in the background").ToList();
        await FinishAsync(WorkflowState.Completed, warnings.Count == 0 ? null : $"completed with warnings: {string.Join("; ", warnings)}",
            WithWarnings(_writer.Journal.Result, warnings), new WorkflowProgress { Percent = 100, Stage = "completed" });
    }

    /// <summary>Journals a completed step; the pivot step's save also marks the pivot passed.</summary>
    private async Task<bool> SaveStepAsync(int step)
    {
        if (step != _definition.PivotIndex)
        {
            return await _writer.SaveAsync();
        }

        switch (await _writer.PassPivotAsync())
        {
            case PivotOutcome.Passed:
                _logger.LogInformation("Workflow {WorkflowId} passed its pivot ({Step}): the result is delivered", Id, _definition.Steps[step].Name);
                return true;
            case PivotOutcome.CancelRequested:
                // The cancel was accepted before the result was handed over: it is undone with the rest.
                RequestCancel();
                await CancelAsync(step);
                return false;
            default:
                return false;
        }
    }

    private int FirstUnfinishedStep()
    {
        var done = _writer.Journal.CompletedSteps;
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

    private async Task<StepOutcome> ExecuteStepAsync(IWorkflowStep step, bool cancellable)
    {
        if (!_definition.ReportsOwnProgress)
        {
            _writer.UpdateProgress(progress => progress with { Stage = step.Name });
        }

        // Shows the step at once rather than at the next heartbeat, and proves the lease before starting.
        if (!await _writer.SaveAsync())
        {
            return StepOutcome.Abandoned;
        }

        var budget = new RetryBudget(_options.MaxStepAttempts, _options.MaxTimeWithoutProgress, _options.InitialRetryDelay, _options.MaxRetryDelay, _time, _writer.Journal.Checkpoint);
        return await RunWithRetriesAsync(step.Name, "step", step.ExecuteAsync, budget, cancellable);
    }

    /// <summary>
    /// The engine's one retry loop (steps and compensations): retryable failures are tried again with
    /// backoff until the budget — attempts or time without progress — is spent.
    /// </summary>
    private async Task<StepOutcome> RunWithRetriesAsync(string stepName, string what, Func<StepContext, CancellationToken, Task> work, RetryBudget budget, bool cancellable)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var token = cancellable
                ? CancellationTokenSource.CreateLinkedTokenSource(_stopping, _writer.Fenced, _cancelRequested.Token)
                : CancellationTokenSource.CreateLinkedTokenSource(_stopping, _writer.Fenced);
            var context = new StepContext(this, _workflow, stepName, attempt, _stepLogger);
            _logger.LogInformation("Workflow {WorkflowId} {What} {Step} starting, try {Try}", Id, what, stepName, attempt);
            Exception error;
            using (var telemetry = new StepAttemptTelemetry(_workflow, stepName, what == "step" ? "step" : "compensation", attempt, _time))
            {
                try
                {
                    await work(context, token.Token);
                    telemetry.Completed();
                    return StepOutcome.Completed;
                }
                catch (Exception ex)
                {
                    error = ex;
                    telemetry.Failed(ex);
                }
            }

            if (Abandoning)
            {
                return StepOutcome.Abandoned;
            }

            if (cancellable && _cancelRequested.IsCancellationRequested)
            {
                _logger.LogInformation("Workflow {WorkflowId} {What} {Step} interrupted by cancel", Id, what, stepName);
                return StepOutcome.Canceled;
            }

            var failure = StepFailure.Classify(error);
            if (!failure.IsRetryable)
            {
                _logger.LogWarning(error, "Workflow {WorkflowId} {What} {Step} failed permanently", Id, what, stepName);
                return StepOutcome.Failed($"{what} '{stepName}' failed{failure.Where}: {failure.Message}", failure.Message);
            }

            if (budget.OnFailure(_writer.Journal.Checkpoint, failure.NextRetryDelay) is not { } delay)
            {
                _logger.LogWarning(error, "Workflow {WorkflowId} {What} {Step} gave up {Budget}", Id, what, stepName, budget.Describe());
                return StepOutcome.Failed($"{what} '{stepName}' failed{failure.Where} {budget.Describe()}: {failure.Message}", $"{failure.Message} ({budget.Describe()})");
            }

            _logger.LogWarning(error, "Workflow {WorkflowId} {What} {Step} failed transiently (try {Try}, {Failures} without progress), retrying in {Delay}",
                Id, what, stepName, attempt, budget.FailuresWithoutProgress, delay);
            // The origin (which side failed) when the step named it, else the exception's type: a small, fixed set either way.
            WorkflowTelemetry.StepRetries.Add(1, new("workflow.type", _workflow.Type), new("workflow.step", stepName), new("cause", failure.Origin ?? error.GetType().Name));
            try
            {
                await Task.Delay(delay, _time, token.Token);
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
        if (!await CompensateAsync(lastStartedStep))
        {
            return;
        }

        var progress = new WorkflowProgress { Percent = _writer.Progress.Percent, Stage = _leftovers.Count == 0 ? "canceled" : "failed" };
        if (_leftovers.Count == 0)
        {
            await FinishAsync(WorkflowState.Canceled, "canceled by request; cleanup done", null, progress);
        }
        else
        {
            await FinishAsync(WorkflowState.Failed, $"canceled by request, but {DescribeCleanupFailures()}", null, progress);
        }
    }

    private async Task FailAsync(string failure, int failedStep)
    {
        _writer.UpdateJournal(journal => journal with { Failure = failure });
        if (!await _writer.SaveAsync())
        {
            return;
        }

        _logger.LogWarning("Workflow {WorkflowId} failing ({Failure}): compensating steps up to {Step}", Id, failure, _definition.Steps[failedStep].Name);
        if (!await CompensateAsync(failedStep))
        {
            return;
        }

        var msg = _leftovers.Count == 0 ? failure : $"{failure}; {DescribeCleanupFailures()}";
        await FinishAsync(WorkflowState.Failed, msg, null, new WorkflowProgress { Percent = _writer.Progress.Percent, Stage = "failed" });
    }

    /// <summary>Compensates steps <paramref name="fromStep"/>…0 in reverse; those that keep failing become leftovers. False when abandoned.</summary>
    private async Task<bool> CompensateAsync(int fromStep)
    {
        for (var i = fromStep; i >= 0; i--)
        {
            var step = _definition.Steps[i];
            if (_writer.Journal.CompensatedSteps.Contains(step.Name, StringComparer.Ordinal))
            {
                continue;
            }

            _writer.UpdateProgress(progress => progress with { Stage = $"compensating {step.Name}" });
            var budget = new RetryBudget(_options.MaxCompensationAttempts, _options.MaxTimeWithoutProgress, _options.InitialRetryDelay, _options.MaxRetryDelay, _time, null);
            var outcome = await RunWithRetriesAsync(step.Name, "compensation of", step.CompensateAsync, budget, cancellable: false);
            if (outcome.Kind == StepOutcomeKind.Abandoned)
            {
                return false;
            }

            if (outcome.Kind == StepOutcomeKind.Failed)
            {
                _leftovers.Add(new WorkflowLeftover(step.Name, LeftoverWork.Compensate, outcome.FailureReason!));
                continue;
            }

            _writer.UpdateJournal(journal => journal with { CompensatedSteps = [.. journal.CompensatedSteps, step.Name] });
            if (!await _writer.SaveAsync())
            {
                return false;
            }

            _logger.LogInformation("Workflow {WorkflowId} step {Step} compensated", Id, step.Name);
        }

        return true;
    }

    /// <summary>A resource journaled by name and now identified takes its entry's place: one entry per resource, in creation order.</summary>
    private static List<WorkflowResource> WithResource(IReadOnlyList<WorkflowResource> resources, WorkflowResource resource)
    {
        var named = resources.ToList().FindIndex(r => r.Step == resource.Step && r.Name == resource.Name && r.Id is null);
        return named < 0 || resource.Id is null
            ? [.. resources, resource]
            : [.. resources.Take(named), resource, .. resources.Skip(named + 1)];
    }

    private string DescribeCleanupFailures()
    {
        var resources = _writer.Journal.Resources;
        var parts = _leftovers.Select(f =>
        {
            var left = resources.Where(r => r.Step == f.Step).Select(r => r.Id is null ? r.Name : $"{r.Name} (id {r.Id})").ToList();
            var leftText = left.Count == 0 ? "" : $"; possibly left behind: {string.Join(", ", left)}";
            return $"could not clean up after step '{f.Step}': {f.Error}{leftText}";
        });
        return $"{string.Join("; ", parts)} (DMS keeps retrying the cleanup in the background)";
    }

    private async Task FinishAsync(WorkflowState state, string? msg, string? resultJson, WorkflowProgress progress)
    {
        Ended = await _writer.FinishAsync(state, msg, resultJson, progress, _leftovers);
        if (Ended)
        {
            _logger.LogInformation("Workflow {WorkflowId} ended {State}: {Msg}", Id, state.ToWireName(), msg ?? "ok");
        }
    }

    /// <summary>The result with <c>warnings</c> added (spec: result.warnings names what was left behind).</summary>
    private static string? WithWarnings(JsonElement? result, List<string> warnings)
    {
        if (warnings.Count == 0)
        {
            return result?.GetRawText();
        }

        var node = result is { ValueKind: JsonValueKind.Object } r ? JsonNode.Parse(r.GetRawText())!.AsObject() : [];
        node["warnings"] = new JsonArray([.. warnings.Select(w => JsonValue.Create(w))]);
        return node.ToJsonString();
    }

    WorkflowJournal IStepHost.Journal => _writer.Journal;

    void IStepHost.SetCheckpoint(string? checkpoint) => _writer.UpdateJournal(journal => journal with { Checkpoint = checkpoint });

    async Task IStepHost.RecordResourceAsync(WorkflowResource resource, CancellationToken ct)
    {
        if (_writer.Journal.Resources.Contains(resource))
        {
            return;
        }

        _writer.UpdateJournal(journal => journal.Resources.Contains(resource) ? journal : journal with { Resources = WithResource(journal.Resources, resource) });
        bool saved;
        try
        {
            saved = await _writer.SaveAsync();
        }
        catch (Exception ex)
        {
            // The store hiccupped: the step may not create what it could not journal, but may try again.
            throw WorkflowStepException.Transient($"journaling {resource.Name} before creating it: {ex.Message}", innerException: ex);
        }

        if (!saved)
        {
            throw new OperationCanceledException("the workflow was fenced (its lease is lost or at risk); it is owned by another runner or resumes later", _writer.Fenced);
        }
    }

    void IStepHost.ReportProgress(WorkflowProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        _writer.UpdateProgress(_ => progress);
    }

    void IStepHost.SetResult(JsonElement result) => _writer.UpdateJournal(journal => journal with { Result = result });
}
