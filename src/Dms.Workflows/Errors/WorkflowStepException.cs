namespace Dms.Workflows.Errors;

/// <summary>
/// A step failure with its retryability as data (after Temporal's ApplicationFailureException):
/// steps throw this when they know better than the default classification.
/// </summary>
public class WorkflowStepException : Exception
{
    /// <param name="origin">Where the failure comes from, as the host names it (e.g. "source cluster"); shown in messages.</param>
    public WorkflowStepException(string message, string? origin = null, bool isRetryable = false,
        TimeSpan? nextRetryDelay = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Origin = origin;
        IsRetryable = isRetryable;
        NextRetryDelay = nextRetryDelay;
    }

    public WorkflowStepException()
        : this("workflow step failed")
    {
    }

    public WorkflowStepException(string message)
        : this(message, origin: null)
    {
    }

    public WorkflowStepException(string message, Exception innerException)
        : this(message, origin: null, innerException: innerException)
    {
    }

    /// <summary>An opaque category the host defines (the engine only shows it): who the failure is attributed to.</summary>
    public string? Origin { get; }

    /// <summary>Worth retrying the step (network blip, 5xx, busy).</summary>
    public bool IsRetryable { get; }

    /// <summary>Overrides the backoff for the next retry (e.g. from a Retry-After header).</summary>
    public TimeSpan? NextRetryDelay { get; }

    public static WorkflowStepException Transient(string message, string? origin = null, TimeSpan? nextRetryDelay = null, Exception? innerException = null) =>
        new(message, origin, isRetryable: true, nextRetryDelay, innerException);

    public static WorkflowStepException Permanent(string message, string? origin = null, Exception? innerException = null) =>
        new(message, origin, isRetryable: false, null, innerException);
}
