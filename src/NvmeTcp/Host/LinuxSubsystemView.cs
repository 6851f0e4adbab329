using System.Collections.Concurrent;
using NvmeTcp.Nvme;

namespace NvmeTcp.Host;

/// <summary>
/// What a Linux host remembers about one subsystem across its controllers (core.c struct nvme_subsystem:
/// its live controllers and its namespace heads), so that Linux-strict sessions of one host NQN are judged
/// together as Linux judges every path to a subsystem: CNTLIDs unique, namespaces shared with the same
/// identifiers on every path, no two NSIDs with the same identifiers.
/// </summary>
internal sealed class LinuxSubsystemView
{
    private static readonly ConcurrentDictionary<(string HostNqn, string SubsystemNqn), LinuxSubsystemView> s_views = new();

    private readonly Lock _sync = new();
    private readonly List<ushort> _controllers = [];
    private readonly Dictionary<uint, (bool Shared, Guid Uuid, ushort SeenThrough)> _namespaces = [];

    /// <summary>Adds a new controller as Linux's nvme_init_subsystem does, refusing what nvme_validate_cntlid refuses.</summary>
    public static LinuxSubsystemView Join(string hostNqn, ControllerIdentity controller)
    {
        LinuxSubsystemView view = s_views.GetOrAdd((hostNqn, controller.SubsystemNqn), _ => new LinuxSubsystemView());
        lock (view._sync)
        {
            LinuxHostRules.CheckJoinsSubsystem(controller, view._controllers);
            view._controllers.Add(controller.ControllerId);
        }

        return view;
    }

    /// <summary>A controller went away; with the last one, Linux drops the namespace heads too.</summary>
    public void Leave(ushort controllerId)
    {
        lock (_sync)
        {
            _controllers.Remove(controllerId);
            if (_controllers.Count == 0)
            {
                _namespaces.Clear();
            }
        }
    }

    /// <summary>A namespace identified through <paramref name="controllerId"/>, checked against what the other paths showed.</summary>
    public void SeeNamespace(ushort controllerId, uint nsid, bool shared, Guid uuid)
    {
        lock (_sync)
        {
            if (_namespaces.TryGetValue(nsid, out var before) && before.SeenThrough != controllerId)
            {
                LinuxHostRules.CheckSameNamespace(nsid, shared, uuid, (before.Shared, before.Uuid));
                return;
            }

            foreach ((uint otherNsid, var other) in _namespaces)
            {
                if (other.Uuid == uuid)
                {
                    LinuxHostRules.CheckUniqueIdentifiers(nsid, uuid, otherNsid);
                }
            }

            // Seen again through the same controller: a recycled NSID is a new namespace there (Linux rescans).
            _namespaces[nsid] = (shared, uuid, controllerId);
        }
    }
}
