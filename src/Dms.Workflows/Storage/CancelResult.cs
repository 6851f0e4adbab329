namespace Dms.Workflows;

public enum CancelOutcome
{
    NotFound,

    /// <summary>It was PENDING: nothing ran, so it is CANCELED at once.</summary>
    Canceled,

    /// <summary>It is running: now CANCELING, its runner will compensate and end it CANCELED.</summary>
    CancelRequested,

    /// <summary>It was canceled before; asking again is harmless.</summary>
    AlreadyCanceled,

    /// <summary>It ended COMPLETED or FAILED: nothing to cancel (an error for the caller).</summary>
    AlreadyEnded,

    /// <summary>It passed its pivot: the result belongs to the user and stays (an error for the caller).</summary>
    ResultDelivered,
}

/// <param name="State">The state after the request (null when not found).</param>
public readonly record struct CancelResult(CancelOutcome Outcome, WorkflowState? State);
