using Lightbits.Emulator.Wire;

namespace Lightbits.Emulator.State;

/// <summary>
/// The emulated cluster's management state: one lock, every mutation persisted before it is
/// acknowledged, asynchronous completion of creates/updates/deletes on timers as a real
/// cluster does (spec lightbits-api.md §3).
/// </summary>
public sealed partial class ClusterState : IDisposable
{
    public const string SystemProject = "system";
    public const string DefaultProject = "default";

    private readonly Lock _lock = new();
    private readonly PersistedState _state;
    private readonly string _path;
    private readonly EmulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly List<ITimer> _timers = [];
    private readonly IVolumeData _data;
    private int _placementCursor;

    public ClusterState(PersistedState state, string path, EmulatorOptions options, TimeProvider time, IVolumeData data)
    {
        _state = state;
        _path = path;
        _options = options;
        _time = time;
        _data = data;
        SettleTransientStates();
        EnsureBuiltInProjects();
        EnsureBuiltInPolicy();
        Save();
        _data.Reconcile(
            _state.Volumes.Select(v => (Guid.Parse(v.Uuid), v.Size, v.SectorSize)),
            _state.Snapshots.Select(s => Guid.Parse(s.Uuid)));
    }

    public ClusterIdentity Identity => _state.Identity;

    public EmulatorOptions Options => _options;

    /// <summary>Raised after a volume appears, changes ACL/size, or disappears (the data plane follows it).</summary>
    public event Action<string>? VolumeChanged;

    public uint CurrentMaxReplicas => (uint)Math.Min(3, _state.Identity.Servers.Count);

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }
            _timers.Clear();
        }
    }

    /// <summary>A restart finishes whatever was in flight: nothing stays Creating or Deleting forever.</summary>
    private void SettleTransientStates()
    {
        _state.Volumes.RemoveAll(v => v.State == VolumeState.Deleting);
        _state.Snapshots.RemoveAll(s => s.State == SnapshotState.Deleting);
        foreach (var volume in _state.Volumes.Where(v => v.State is VolumeState.Creating or VolumeState.Updating or VolumeState.Migrating))
        {
            volume.State = VolumeState.Available;
        }
        foreach (var snapshot in _state.Snapshots.Where(s => s.State == SnapshotState.Creating))
        {
            snapshot.State = SnapshotState.Available;
        }
    }

    private void EnsureBuiltInProjects()
    {
        foreach (var name in new[] { SystemProject, DefaultProject })
        {
            if (!_state.Projects.Any(p => p.Name == name))
            {
                _state.Projects.Add(new ProjectRecord { Uuid = Guid.NewGuid().ToString(), Name = name });
            }
        }
    }

    /// <summary>Writes the servers' endpoints again after start-up moved one off a port another process took.</summary>
    public void EndpointsMoved()
    {
        lock (_lock)
        {
            Save();
        }
    }

    private void Save() => StateFile.Save(_path, _state);

    private string NextETag() => (++_state.ETagCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="complete"/> under the lock after <paramref name="delay"/> (at once when zero).</summary>
    private void After(TimeSpan delay, Action complete)
    {
        if (delay <= TimeSpan.Zero)
        {
            complete();
            return;
        }
        ITimer? timer = null;
        timer = _time.CreateTimer(_ =>
        {
            lock (_lock)
            {
                _timers.Remove(timer!);
                complete();
                Save();
            }
            timer!.Dispose();
        }, null, delay, Timeout.InfiniteTimeSpan);
        _timers.Add(timer);
    }

    private void RaiseVolumeChanged(string uuid) => VolumeChanged?.Invoke(uuid);

    private ProjectRecord RequireProject(string name) =>
        _state.Projects.FirstOrDefault(p => p.Name == name)
        ?? throw ApiException.NotFound($"project \"{name}\" not found");
}
