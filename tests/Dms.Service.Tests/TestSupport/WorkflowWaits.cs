using Common.Testing;
using Dms.Workflows;

namespace Dms.Service.Tests.TestSupport;

/// <summary>Waits on a workflow of an in-process dms by reading its store (<see cref="Dms.Testing.ApiWorkflows"/> does it over HTTP).</summary>
internal static class WorkflowWaits
{
    /// <summary>A whole in-process clone, retries after injected faults included, on the shared test machine.</summary>
    private static readonly TimeSpan WholeWorkflow = TimeSpan.FromSeconds(60);

    /// <param name="what">What the workflow is awaited to do, after "workflow {id} …", e.g. "is copying".</param>
    public static async Task<WorkflowRecord> UntilAsync(this WorkflowClient client, Guid id, Func<WorkflowRecord, bool> condition, string what, TimeSpan? timeout = null) =>
        (await Poll.UntilAsync(() => client.GetAsync(id), w => w is not null && condition(w), $"workflow {id} {what}", timeout ?? WholeWorkflow, describe: Describe))!;

    public static Task<WorkflowRecord> EndedAsync(this WorkflowClient client, Guid id) => client.UntilAsync(id, r => r.State.IsEnded(), "has ended");

    private static string Describe(WorkflowRecord? w) => w is null
        ? "not in the store"
        : $"{w.State.ToWireName()}, stage {w.Progress.Stage} {w.Progress.Percent}%, steps done [{string.Join(", ", w.Journal.CompletedSteps)}], attempt {w.Attempt}, msg={w.Msg}";
}
