namespace Lightbits.Emulator.State;

// Test control (fault rule "changeETag"): another client's update of a volume or snapshot that
// lands between a client's read and its conditional write, so the write's If-Match no longer holds.
public sealed partial class ClusterState
{
    /// <summary>Gives the volume or snapshot <paramref name="uuid"/> a new ETag; nothing when there is none (the request then answers 404 itself).</summary>
    public void ChangeETag(string uuid)
    {
        lock (_lock)
        {
            if (_state.Volumes.FirstOrDefault(v => v.Uuid == uuid) is { } volume)
            {
                volume.ETag = NextETag();
            }
            else if (_state.Snapshots.FirstOrDefault(s => s.Uuid == uuid) is { } snapshot)
            {
                snapshot.ETag = NextETag();
            }
            else
            {
                return;
            }
            Save();
        }
    }
}
