namespace Dms.Workflows.Storage;

/// <summary>
/// Which workflows a list returns: those in any of <see cref="States"/> and of any of
/// <see cref="Types"/>; an empty set does not narrow. The page token is a position in the
/// (createdAt, id) order, not bound to a filter, so changing the filter between pages goes on from
/// the same point in time.
/// </summary>
public sealed record WorkflowFilter(IReadOnlyCollection<WorkflowState> States, IReadOnlyCollection<string> Types)
{
    public static WorkflowFilter None { get; } = new([], []);
}
