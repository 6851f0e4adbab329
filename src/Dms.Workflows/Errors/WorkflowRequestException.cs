namespace Dms.Workflows;

public enum WorkflowRequestError
{
    /// <summary>API code 3 (400): a bad page size or page token.</summary>
    InvalidArgument,

    /// <summary>API code 5 (404).</summary>
    NotFound,

    /// <summary>API code 9 (400): e.g. cancelling a workflow that already ended.</summary>
    FailedPrecondition,

    /// <summary>API code 10 (409): cancelling a workflow whose result was delivered (it passed its pivot).</summary>
    ResultDelivered,
}

/// <summary>A request to <see cref="WorkflowClient"/> that cannot be served; the message names the field or state.</summary>
public sealed class WorkflowRequestException : Exception
{
    public WorkflowRequestException(WorkflowRequestError error, string message)
        : base(message)
    {
        Error = error;
    }

    public WorkflowRequestException()
    {
    }

    public WorkflowRequestException(string message)
        : base(message)
    {
    }

    public WorkflowRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WorkflowRequestError Error { get; }
}
