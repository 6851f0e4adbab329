namespace Dms.Workflows;

/// <summary>Whether a workflow passed its point of no return (its result now belongs to the user).</summary>
public enum PivotOutcome
{
    Passed,

    /// <summary>A cancel was accepted first: the workflow must compensate, the pivot step included.</summary>
    CancelRequested,

    /// <summary>Another owner holds the workflow: touch nothing.</summary>
    LeaseLost,
}
