using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Dms.Workflows.Runtime;

/// <summary>
/// Keeps retrying what ended workflows left behind (DESIGN §4, pivot): a cleanup step that failed after
/// the result was delivered, or a compensation that gave up. Steps are idempotent, so running one again
/// is how its leftover is removed. Each leftover is taken by one instance at a time (the store pushes
/// its next try back when one takes it). A retryable failure waits for the next round; a permanent one
/// (e.g. the cluster was detached) cannot be fixed by trying again, so it is logged for a human and dropped.
/// </summary>
internal sealed class LeftoverJanitor(
    IWorkflowStore store, IReadOnlyDictionary<string, WorkflowDefinition> definitions, WorkflowRunnerOptions options,
    TimeProvider time, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<LeftoverJanitor>();

    public Task RunAsync(CancellationToken ct) => PeriodicWork.RunAsync(
        async token =>
        {
            while (await store.TryClaimLeftoverAsync(options.JanitorInterval, token) is { } claimed)
            {
                await RetryAsync(claimed, token);
            }
        },
        ex => _logger.LogWarning(ex, "The janitor could not read its work list; retrying in {Interval}", options.JanitorInterval),
        options.JanitorInterval, time, ct);

    private async Task RetryAsync(ClaimedLeftover claimed, CancellationToken ct)
    {
        var (workflow, leftover, attempts) = claimed;
        var step = definitions.GetValueOrDefault(workflow.Type)?.Steps.FirstOrDefault(s => s.Name == leftover.Step);
        if (step is null)
        {
            _logger.LogError("Workflow {WorkflowId}: leftover of step {Step} belongs to no known step of {WorkflowType}; dropping it", workflow.Id, leftover.Step, workflow.Type);
            await store.ResolveLeftoverAsync(workflow.Id, leftover, ct);
            return;
        }

        var context = new StepContext(new EndedWorkflowHost(workflow.Journal), workflow, step.Name, attempts, loggers.CreateLogger($"Dms.Workflows.Steps.{workflow.Type}"));
        try
        {
            await (leftover.Work == LeftoverWork.Execute ? step.ExecuteAsync(context, ct) : step.CompensateAsync(context, ct));
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var failure = StepFailure.Classify(ex);
            if (!failure.IsRetryable)
            {
                _logger.LogError(ex, "Workflow {WorkflowId}: the leftover of step {Step} cannot be removed by DMS{Where}: {Error}; remove it by hand (it is labelled with the workflow id)",
                    workflow.Id, step.Name, failure.Where, failure.Message);
                await store.ResolveLeftoverAsync(workflow.Id, leftover, ct);
                return;
            }

            _logger.LogWarning(ex, "Workflow {WorkflowId}: the leftover of step {Step} is still there after {Attempts} tries{Where}: {Error}; trying again in {Interval}",
                workflow.Id, step.Name, attempts, failure.Where, failure.Message, options.JanitorInterval);
            await store.RecordLeftoverErrorAsync(workflow.Id, leftover with { Error = failure.Message }, ct);
            return;
        }

        _logger.LogInformation("Workflow {WorkflowId}: the janitor finished what step {Step} left ({Work}) after {Attempts} tries", workflow.Id, step.Name, leftover.Work, attempts);
        await store.ResolveLeftoverAsync(workflow.Id, leftover, ct);
    }

    /// <summary>An ended workflow as a re-run step sees it: its journal, and nothing it could change.</summary>
    private sealed class EndedWorkflowHost(WorkflowJournal journal) : IStepHost
    {
        public WorkflowJournal Journal => journal;

        public void SetCheckpoint(string? checkpoint)
        {
        }

        public Task RecordResourceAsync(WorkflowResource resource, CancellationToken ct) => Task.CompletedTask;

        public void ReportProgress(WorkflowProgress progress)
        {
        }

        public void SetResult(JsonElement result)
        {
        }
    }
}
