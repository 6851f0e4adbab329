using System.Text.Json;

namespace Dms.Workflows.Model;

/// <summary>
/// What a workflow has done so far, persisted after every step so a new owner can continue.
/// Immutable: the engine replaces it, so a heartbeat can serialise a snapshot while a step runs.
/// </summary>
public sealed record WorkflowJournal
{
    public static WorkflowJournal Empty { get; } = new();

    /// <summary>Names of steps whose ExecuteAsync returned, in order.</summary>
    public IReadOnlyList<string> CompletedSteps { get; init; } = [];

    public IReadOnlyList<WorkflowResource> Resources { get; init; } = [];

    /// <summary>Opaque resume point of the step that is running; cleared when that step completes.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>Set once the workflow is being failed, so a restart resumes cleanup instead of retrying the step.</summary>
    public string? Failure { get; init; }

    /// <summary>Steps whose CompensateAsync has succeeded, so a restart does not repeat them.</summary>
    public IReadOnlyList<string> CompensatedSteps { get; init; } = [];

    /// <summary>What the workflow produced so far (set by a step); becomes the workflow's result.</summary>
    public JsonElement? Result { get; init; }
}
