namespace Dms.Workflows;

/// <summary>
/// Wakes runners at once when there is new work (a workflow was created), instead of waiting for
/// the next poll, and reaches a running workflow with its cancel. Share one instance between the
/// <see cref="WorkflowClient"/> and the runners.
/// </summary>
public sealed class WorkflowSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Wake() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>A cancel of a running workflow was accepted: the runner running it interrupts it at once.</summary>
    internal event Action<Guid>? CancelAccepted;

    internal void CancelWasAccepted(Guid workflowId) => CancelAccepted?.Invoke(workflowId);

    /// <summary>Completes at the next <see cref="Wake"/>; take it before looking for work so no wake-up is missed.</summary>
    internal Task NextAsync() => Volatile.Read(ref _next).Task;
}
