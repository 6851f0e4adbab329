namespace Dms.Workflows.Model;

/// <summary>Progress of a workflow as shown to users (spec dms-api.md §3, Workflow.progress).</summary>
public sealed record WorkflowProgress
{
    public static WorkflowProgress Queued { get; } = new() { Stage = "queued" };

    /// <summary>0–100.</summary>
    public int Percent { get; init; }

    public string? Stage { get; init; }

    public long? BytesTotal { get; init; }

    public long? BytesDone { get; init; }

    public long? BytesPerSecond { get; init; }

    public long? EtaSeconds { get; init; }
}
