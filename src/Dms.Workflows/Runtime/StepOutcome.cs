namespace Dms.Workflows;

internal enum StepOutcomeKind
{
    Completed,
    Failed,
    Canceled,

    /// <summary>Lease lost or runner stopping: leave the workflow as it is.</summary>
    Abandoned,
}

internal readonly record struct StepOutcome(StepOutcomeKind Kind, string? FailureMessage = null)
{
    public static StepOutcome Completed => new(StepOutcomeKind.Completed);

    public static StepOutcome Canceled => new(StepOutcomeKind.Canceled);

    public static StepOutcome Abandoned => new(StepOutcomeKind.Abandoned);

    public static StepOutcome Failed(string message) => new(StepOutcomeKind.Failed, message);
}
