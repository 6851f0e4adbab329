using System.Text.Json;

namespace Dms.Workflows.Definitions;

/// <summary>The running workflow as a step sees it; implemented by the engine.</summary>
internal interface IStepHost
{
    WorkflowJournal Journal { get; }

    void SetCheckpoint(string? checkpoint);

    Task RecordResourceAsync(WorkflowResource resource, CancellationToken ct);

    void ReportProgress(WorkflowProgress progress);

    void SetResult(JsonElement result);
}
