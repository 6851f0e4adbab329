namespace Dms.Workflows.Storage;

/// <summary>Outcome of a write conditioned on the lease token.</summary>
/// <param name="Owned">False when 0 rows matched: someone else owns the workflow now, stop touching it.</param>
/// <param name="CancelRequested">A user asked to cancel it.</param>
public readonly record struct HeartbeatResult(bool Owned, bool CancelRequested)
{
    public static HeartbeatResult Lost => new(false, false);
}
