using System.Collections.Concurrent;

namespace NvmeTcp.Target;

/// <summary>
/// An NVM subsystem: one NQN and its namespaces. Namespaces may be added, removed or changed while
/// controllers are connected; hosts see the change in the active namespace list and, if they hold an
/// Asynchronous Event Request, get a Namespace Attribute Changed notice.
/// One instance may be served by several <see cref="NvmeTcpTarget"/> ports (multipath).
/// </summary>
public sealed class NvmeSubsystem
{
    private readonly ConcurrentDictionary<uint, INamespaceBackend> _namespaces = new();
    private ISubsystemAccessPolicy _accessPolicy;

    public NvmeSubsystem(string nqn, ISubsystemAccessPolicy? accessPolicy = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(nqn);
        Nqn = nqn;
        _accessPolicy = accessPolicy ?? AllowAllAccessPolicy.Instance;
    }

    public string Nqn { get; }
    public string SerialNumber { get; init; } = "NVMETCP0001";
    public string ModelNumber { get; init; } = "NvmeTcp emulated controller";

    public ISubsystemAccessPolicy AccessPolicy
    {
        get => Volatile.Read(ref _accessPolicy);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            Volatile.Write(ref _accessPolicy, value);
            NotifyNamespacesChanged();
        }
    }

    /// <summary>CNTLIDs of this subsystem's controllers on every port that serves it.</summary>
    internal ControllerIdPool ControllerIds { get; } = new();

    public IReadOnlyCollection<uint> NamespaceIds => [.. _namespaces.Keys];

    /// <summary>Raised with the changed NSIDs (empty = "anything may have changed").</summary>
    internal event Action<IReadOnlyList<uint>>? NamespacesChanged;

    public void AddNamespace(uint nsid, INamespaceBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (nsid is 0 or 0xFFFFFFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(nsid), "NSID 0 and 0xFFFFFFFF are reserved.");
        }

        if (!_namespaces.TryAdd(nsid, backend))
        {
            throw new ArgumentException($"Namespace {nsid} already exists in {Nqn}.", nameof(nsid));
        }

        NotifyNamespacesChanged(nsid);
    }

    public bool RemoveNamespace(uint nsid)
    {
        bool removed = _namespaces.TryRemove(nsid, out _);
        if (removed)
        {
            NotifyNamespacesChanged(nsid);
        }

        return removed;
    }

    /// <summary>Replaces a namespace's backend (e.g. after a resize) and tells connected hosts.</summary>
    public void ReplaceNamespace(uint nsid, INamespaceBackend backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        _namespaces[nsid] = backend;
        NotifyNamespacesChanged(nsid);
    }

    /// <summary>Call after an ACL change the policy cannot signal by itself.</summary>
    public void NotifyNamespacesChanged(params uint[] nsids) => NamespacesChanged?.Invoke(nsids);

    internal bool TryGetVisibleNamespace(string hostNqn, uint nsid, out INamespaceBackend backend) =>
        _namespaces.TryGetValue(nsid, out backend!) && AccessPolicy.IsNamespaceVisible(hostNqn, nsid);

    internal List<uint> VisibleNamespaceIds(string hostNqn)
    {
        ISubsystemAccessPolicy policy = AccessPolicy;
        var ids = new List<uint>();
        foreach (uint nsid in _namespaces.Keys)
        {
            if (policy.IsNamespaceVisible(hostNqn, nsid))
            {
                ids.Add(nsid);
            }
        }

        ids.Sort();
        return ids;
    }
}
