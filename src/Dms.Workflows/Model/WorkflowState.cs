namespace Dms.Workflows.Model;

/// <summary>Lifecycle of a workflow (spec dms-api.md §3, Workflow.state).</summary>
public enum WorkflowState
{
    Pending,
    Running,
    Canceling,
    Completed,
    Failed,
    Canceled,
}

/// <summary>Wire spelling of <see cref="WorkflowState"/> (upper case, as in the API and the store).</summary>
public static class WorkflowStateNames
{
    public static string ToWireName(this WorkflowState state) => state switch
    {
        WorkflowState.Pending => "PENDING",
        WorkflowState.Running => "RUNNING",
        WorkflowState.Canceling => "CANCELING",
        WorkflowState.Completed => "COMPLETED",
        WorkflowState.Failed => "FAILED",
        WorkflowState.Canceled => "CANCELED",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static WorkflowState Parse(string wireName) => wireName switch
    {
        "PENDING" => WorkflowState.Pending,
        "RUNNING" => WorkflowState.Running,
        "CANCELING" => WorkflowState.Canceling,
        "COMPLETED" => WorkflowState.Completed,
        "FAILED" => WorkflowState.Failed,
        "CANCELED" => WorkflowState.Canceled,
        _ => throw new FormatException($"unknown workflow state '{wireName}'"),
    };

    /// <summary>COMPLETED, FAILED and CANCELED are final: nothing runs or changes afterwards.</summary>
    public static bool IsEnded(this WorkflowState state) =>
        state is WorkflowState.Completed or WorkflowState.Failed or WorkflowState.Canceled;
}
