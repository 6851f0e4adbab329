using System.Collections.Concurrent;
using NvmeTcp.Nvme;

namespace NvmeTcp.Host;

/// <summary>
/// What a Linux host remembers about one subsystem across its controllers (core.c struct nvme_subsystem:
/// its live controllers and its namespace heads), so that Linux-strict sessions of one host NQN are judged
/// together as Linux judges every path to a subsystem: CNTLIDs unique, namespaces shared with the same
/// identifiers on every path, no two NSIDs with the same identifiers — in this subsystem or in any other the
/// host is connected to (core.c nvme_global_check_duplicate_ids walks every subsystem).
/// </summary>
internal sealed class LinuxSubsystemView
{
    private static readonly ConcurrentDictionary<(string HostNqn, string SubsystemNqn), LinuxSubsystemView> s_views = new();

    private readonly Lock _sync = new();
    private readonly string _hostNqn;
    private readonly string _subsystemNqn;
    private readonly List<ushort> _controllers = [];
    /// <summary>Namespace heads: NMIC, identifiers, and the controllers (paths) that currently show the NSID.</summary>
    private readonly Dictionary<uint, (bool Shared, LinuxNamespaceIds Ids, HashSet<ushort> Paths)> _namespaces = [];

    private LinuxSubsystemView(string hostNqn, string subsystemNqn) => (_hostNqn, _subsystemNqn) = (hostNqn, subsystemNqn);

    /// <summary>Adds a new controller as Linux's nvme_init_subsystem does, refusing what nvme_validate_cntlid refuses.</summary>
    public static LinuxSubsystemView Join(string hostNqn, ControllerIdentity controller)
    {
        LinuxSubsystemView view = s_views.GetOrAdd((hostNqn, controller.SubsystemNqn), key => new LinuxSubsystemView(key.HostNqn, key.SubsystemNqn));
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
            RemovePaths(controllerId, _ => true);
        }
    }

    /// <summary>
    /// A scan of <paramref name="controllerId"/> found exactly <paramref name="activeNsids"/>: Linux removes the
    /// others from that controller (core.c nvme_scan_ns_list, nvme_remove_invalid_namespaces), and a head left
    /// without paths goes with them, so its NSID may come back as another namespace (NSIDs are recycled).
    /// </summary>
    public void Scanned(ushort controllerId, IReadOnlyCollection<uint> activeNsids)
    {
        lock (_sync)
        {
            RemovePaths(controllerId, nsid => !activeNsids.Contains(nsid));
        }
    }

    /// <summary>An NSID identified as inactive through <paramref name="controllerId"/> (core.c nvme_ns_remove_by_nsid).</summary>
    public void Inactive(ushort controllerId, uint nsid)
    {
        lock (_sync)
        {
            RemovePaths(controllerId, n => n == nsid);
        }
    }

    private void RemovePaths(ushort controllerId, Func<uint, bool> gone)
    {
        foreach ((uint nsid, var head) in _namespaces.ToList())
        {
            if (gone(nsid) && head.Paths.Remove(controllerId) && head.Paths.Count == 0)
            {
                _namespaces.Remove(nsid);
            }
        }
    }

    /// <summary>A namespace identified through <paramref name="controllerId"/>, checked against what the other paths and subsystems showed.</summary>
    public void SeeNamespace(ushort controllerId, uint nsid, bool shared, LinuxNamespaceIds ids)
    {
        // Linux checks the other subsystems first, for every namespace it scans (core.c nvme_init_ns_head); racy
        // there too ("only intended as a sanity check"), so each view is read under its own lock only.
        LinuxHostRules.CheckGloballyUniqueIdentifiers(nsid, ids, _subsystemNqn, FindInOtherSubsystems(ids));
        lock (_sync)
        {
            if (_namespaces.TryGetValue(nsid, out var before) && before.Paths.Any(path => path != controllerId))
            {
                LinuxHostRules.CheckSameNamespace(nsid, shared, ids, (before.Shared, before.Ids));
                before.Paths.Add(controllerId);
                return;
            }

            foreach ((uint otherNsid, var other) in _namespaces)
            {
                if (other.Ids.SharesAnyWith(ids))
                {
                    LinuxHostRules.CheckUniqueIdentifiers(nsid, ids, otherNsid);
                }
            }

            // Seen again through its only path: a recycled NSID is a new namespace there (Linux rescans).
            _namespaces[nsid] = (shared, ids, [controllerId]);
        }
    }

    private (string SubsystemNqn, uint Nsid)? FindInOtherSubsystems(LinuxNamespaceIds ids)
    {
        foreach (((string host, string subsystem), LinuxSubsystemView view) in s_views)
        {
            if (host != _hostNqn || view == this)
            {
                continue;
            }

            lock (view._sync)
            {
                foreach ((uint nsid, var seen) in view._namespaces)
                {
                    if (seen.Ids.SharesAnyWith(ids))
                    {
                        return (subsystem, nsid);
                    }
                }
            }
        }

        return null;
    }
}
