using System.Collections.Concurrent;
using NvmeTcp.Nvme;

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

    /// <summary>The default <see cref="MaxNamespaces"/>: its ANA log (36,880 bytes) fits a 64 KiB transfer.</summary>
    public const uint DefaultMaxNamespaces = 1024;

    /// <summary>
    /// NN, the largest NSID this subsystem accepts, also its MNAN and (one ANA group per namespace, ANAGRPID =
    /// NSID) its ANAGRPMAX and NANAGRPID. Linux refuses the whole controller when a namespace's ANA group is
    /// above ANAGRPMAX (multipath.c nvme_parse_ana_log), so no NSID above it is ever served; and every port
    /// serving the subsystem must carry its whole ANA log in one transfer (<see cref="AnaLogMaxSize"/>).
    /// </summary>
    public uint MaxNamespaces
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfZero(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxNamespacesLimit);
            field = value;
        }
    } = DefaultMaxNamespaces;

    /// <summary>Keeps <see cref="AnaLogMaxSize"/> within the largest transfer a port may have (int).</summary>
    private const uint MaxNamespacesLimit = 1u << 24;

    /// <summary>The ANA log's largest size with <see cref="MaxNamespaces"/> groups and namespaces.</summary>
    public long AnaLogMaxSize => AnaLogPage.MaxSize(MaxNamespaces, MaxNamespaces);

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
        CheckNamespaceId(nsid);
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
        CheckNamespaceId(nsid);
        _namespaces[nsid] = backend;
        NotifyNamespacesChanged(nsid);
    }

    private void CheckNamespaceId(uint nsid)
    {
        if (nsid == 0 || nsid > MaxNamespaces)
        {
            throw new ArgumentOutOfRangeException(nameof(nsid), nsid,
                $"NSID {nsid} is outside 1..{MaxNamespaces}, the NN of {Nqn}: Linux refuses a controller whose namespaces' ANA groups exceed ANAGRPMAX.");
        }
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
