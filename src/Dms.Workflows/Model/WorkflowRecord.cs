namespace Dms.Workflows.Model;

/// <summary>One workflow as stored: the durable state of a saga.</summary>
public sealed record WorkflowRecord
{
    public required Guid Id { get; init; }

    public required string Type { get; init; }

    public required WorkflowState State { get; init; }

    /// <summary>The request that started the workflow, as JSON.</summary>
    public required string InputJson { get; init; }

    public WorkflowJournal Journal { get; init; } = WorkflowJournal.Empty;

    public WorkflowProgress Progress { get; init; } = WorkflowProgress.Queued;

    /// <summary>Why it failed or was canceled.</summary>
    public string? Msg { get; init; }

    /// <summary>What it produced, as JSON; set when it completes.</summary>
    public string? ResultJson { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public bool CancelRequested { get; init; }

    /// <summary>Null while nobody owns it.</summary>
    public WorkflowLease? Lease { get; init; }

    /// <summary>How many times it has been claimed (1 on its first run).</summary>
    public int Attempt { get; init; }

    /// <summary>What it uses that is shared with others (e.g. cluster ids): concurrency limits and "in use" checks.</summary>
    public IReadOnlyList<string> ResourceKeys { get; init; } = [];
}
