namespace Dms.Cloning.Planning;

/// <summary>
/// Thrown by a source's list of allocated blocks when the source cannot tell (a cluster release
/// without the API): the planner then scans the whole volume instead.
/// </summary>
public sealed class AllocationUnknownException : Exception
{
    public AllocationUnknownException()
    {
    }

    public AllocationUnknownException(string message) : base(message)
    {
    }

    public AllocationUnknownException(string message, Exception inner) : base(message, inner)
    {
    }
}
