namespace Dms.Workflows.Model;

/// <summary>Progress of a workflow as shown to users (spec dms-api.md §3, Workflow.progress).</summary>
public sealed record WorkflowProgress
{
    public static WorkflowProgress Queued { get; } = new() { Stage = "queued" };

    /// <summary>0–100.</summary>
    public int Percent { get; init; }

    public string? Stage { get; init; }

    /// <summary>The current stage's work in bytes; <see cref="BytesBasis"/> says what it counts.</summary>
    public long? BytesTotal { get; init; }

    public long? BytesDone { get; init; }

    /// <summary>What <see cref="BytesTotal"/> counts, in the host's words (DMS: "plan" or "volume").</summary>
    public string? BytesBasis { get; init; }

    /// <summary>The size of the volume the work is on, whatever the basis.</summary>
    public long? VolumeBytes { get; init; }

    public long? BytesPerSecond { get; init; }

    public long? EtaSeconds { get; init; }
}
