namespace Dms.Workflows.Errors;

public enum WorkflowRequestError
{
    /// <summary>A bad page size or page token: the caller's input.</summary>
    InvalidArgument,

    /// <summary>No such workflow.</summary>
    NotFound,

    /// <summary>The workflow's state does not allow it: e.g. cancelling a workflow that already ended.</summary>
    FailedPrecondition,

    /// <summary>Cancelling a workflow whose result was delivered (it passed its pivot): the result exists and stays.</summary>
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
