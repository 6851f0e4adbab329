using System.Text.Json;
using Common.Testing;

namespace Dms.Testing;

/// <summary>
/// Waits on a workflow through GET /api/v1/workflows/{id}, as an operator's script would, against an
/// in-process host or a real process alike. An error answer (dms restarting, a 503) is shown as the
/// last value seen and the wait goes on.
/// </summary>
public static class ApiWorkflows
{
    /// <summary>A whole workflow (an attach, a clone of tens of MiB between real processes) on the shared test machine.</summary>
    public static readonly TimeSpan WholeWorkflow = TimeSpan.FromMinutes(2);

    /// <summary>For <see cref="UntilAsync"/>: the copy has moved something.</summary>
    public static bool CopyStarted(JsonElement workflow) =>
        workflow.GetProperty("progress").TryGetProperty("bytesDone", out var done) && done.GetString() != "0";

    public static bool IsEnded(JsonElement workflow) => workflow.GetProperty("state").GetString() is "COMPLETED" or "FAILED" or "CANCELED";

    public static Task<JsonElement> EndedAsync(HttpClient dms, Guid workflowId, TimeSpan? timeout = null) =>
        UntilAsync(dms, workflowId, IsEnded, "has ended", timeout);

    /// <param name="what">What the workflow is awaited to do, after "workflow {id} …", e.g. "has started copying".</param>
    /// <returns>The workflow object of the answer that satisfied <paramref name="done"/>.</returns>
    public static async Task<JsonElement> UntilAsync(HttpClient dms, Guid workflowId, Func<JsonElement, bool> done, string what, TimeSpan? timeout = null)
    {
        var answer = await Poll.UntilAsync(() => ReadAsync(dms, workflowId), a => a.Workflow is { } workflow && done(workflow),
            $"workflow {workflowId} {what}", timeout ?? WholeWorkflow, describe: a => a.Seen);
        return answer.Workflow!.Value;
    }

    private static async Task<Answer> ReadAsync(HttpClient dms, Guid workflowId)
    {
        using var response = await dms.GetAsync($"/api/v1/workflows/{workflowId}");
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            return new Answer(null, $"HTTP {(int)response.StatusCode} {text}");
        }

        var workflow = JsonDocument.Parse(text).RootElement.GetProperty("workflow").Clone();
        return new Answer(workflow, $"{workflow.GetProperty("state").GetString()} {workflow.GetProperty("progress")}");
    }

    private sealed record Answer(JsonElement? Workflow, string Seen);
}
