namespace Dms.Workflows;

/// <summary>
/// A step failure with its retryability as data (after Temporal's ApplicationFailureException):
/// steps throw this when they know better than the default classification.
/// </summary>
public class WorkflowStepException : Exception
{
    public WorkflowStepException(string message, ErrorSide side = ErrorSide.Dms, bool isRetryable = false,
        TimeSpan? nextRetryDelay = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Side = side;
        IsRetryable = isRetryable;
        NextRetryDelay = nextRetryDelay;
    }

    public WorkflowStepException()
        : this("workflow step failed")
    {
    }

    public WorkflowStepException(string message)
        : this(message, ErrorSide.Dms)
    {
    }

    public WorkflowStepException(string message, Exception innerException)
        : this(message, ErrorSide.Dms, innerException: innerException)
    {
    }

    public ErrorSide Side { get; }

    /// <summary>Worth retrying the step (network blip, 5xx, busy).</summary>
    public bool IsRetryable { get; }

    /// <summary>Overrides the backoff for the next retry (e.g. from a Retry-After header).</summary>
    public TimeSpan? NextRetryDelay { get; }

    public static WorkflowStepException Transient(string message, ErrorSide side = ErrorSide.Dms, TimeSpan? nextRetryDelay = null, Exception? innerException = null) =>
        new(message, side, isRetryable: true, nextRetryDelay, innerException);

    public static WorkflowStepException Permanent(string message, ErrorSide side = ErrorSide.Dms, Exception? innerException = null) =>
        new(message, side, isRetryable: false, null, innerException);
}
