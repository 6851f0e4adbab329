namespace Dms.Workflows;

internal enum StepOutcomeKind
{
    Completed,
    Failed,
    Canceled,

    /// <summary>Lease lost or runner stopping: leave the workflow as it is.</summary>
    Abandoned,
}

/// <param name="FailureMessage">Which step failed, where and why: the workflow's msg.</param>
/// <param name="FailureReason">Just why (e.g. "cluster unreachable (after 3 attempts without progress)").</param>
internal readonly record struct StepOutcome(StepOutcomeKind Kind, string? FailureMessage = null, string? FailureReason = null)
{
    public static StepOutcome Completed => new(StepOutcomeKind.Completed);

    public static StepOutcome Canceled => new(StepOutcomeKind.Canceled);

    public static StepOutcome Abandoned => new(StepOutcomeKind.Abandoned);

    public static StepOutcome Failed(string message, string reason) => new(StepOutcomeKind.Failed, message, reason);
}
