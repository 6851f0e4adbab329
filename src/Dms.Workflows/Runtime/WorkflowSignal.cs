namespace Dms.Workflows;

/// <summary>
/// Wakes runners at once when there is new work (a workflow was created), instead of waiting for
/// the next poll. Share one instance between the <see cref="WorkflowClient"/> and the runners.
/// </summary>
public sealed class WorkflowSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Wake() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes at the next <see cref="Wake"/>; take it before looking for work so no wake-up is missed.</summary>
    internal Task NextAsync() => Volatile.Read(ref _next).Task;
}
