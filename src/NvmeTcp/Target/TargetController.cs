using NvmeTcp.Nvme;

namespace NvmeTcp.Target;

/// <summary>
/// Controller state shared by the admin connection and the I/O connections of one association
/// (CNTLID): CC/CSTS, keep-alive, granted queues, held AERs.
/// </summary>
internal sealed class TargetController
{
    /// <summary>Linux substitutes 120 s for a discovery controller's KATO 0 (spec §8.1).</summary>
    private static readonly TimeSpan DiscoveryKeepAlive = TimeSpan.FromSeconds(120);
    private const int MaxHeldAsyncEvents = 4; // AERL 3, 0's based

    private readonly NvmeTcpTarget _target;
    private readonly Lock _sync = new();
    private readonly List<TargetConnection> _connections = [];
    private readonly HashSet<ushort> _connectedQueues = [];
    private readonly Queue<(TargetConnection Connection, ushort CommandId)> _heldAsyncEvents = new();
    private readonly SortedSet<uint> _changedNamespaces = [];

    /// <summary>NSIDs this host could see at the last notice: losing one is news to it, a namespace it never saw is not.</summary>
    private readonly HashSet<uint> _visibleNamespaces = [];
    private ITimer? _keepAliveTimer;
    private TimeSpan _keepAliveTimeout;
    private long _lastActivity;
    private bool _eventPending;
    private bool _tornDown;

    public TargetController(NvmeTcpTarget target, ushort controllerId, NvmeSubsystem? subsystem, string hostNqn, Guid hostId, uint keepAliveMs)
    {
        _target = target;
        ControllerId = controllerId;
        Subsystem = subsystem;
        HostNqn = hostNqn;
        HostId = hostId;
        _lastActivity = target.Options.TimeProvider.GetTimestamp();
        SetKeepAlive(keepAliveMs);
        if (subsystem is not null)
        {
            _visibleNamespaces.UnionWith(subsystem.VisibleNamespaceIds(hostNqn));
            subsystem.NamespacesChanged += OnNamespacesChanged;
        }
    }

    public ushort ControllerId { get; }

    /// <summary>Null for a discovery controller.</summary>
    public NvmeSubsystem? Subsystem { get; }
    public bool IsDiscovery => Subsystem is null;
    public string HostNqn { get; }
    public Guid HostId { get; }
    public NvmeTcpTarget Target => _target;
    public uint Configuration { get; private set; }
    public uint Status { get; private set; }
    public int GrantedIoQueues { get; set; }
    public bool IsReady => (Status & ControllerProperty.StatusReady) != 0;

    /// <summary>ANA state of a namespace through this controller's port; optimized unless the port's resolver says otherwise.</summary>
    public AnaState AnaStateOf(uint nsid) =>
        _target.Options.AnaStateResolver?.Invoke(Subsystem!.Nqn, nsid) ?? AnaState.Optimized;

    /// <summary>CAP: MQES 1023, CQR, TO 15 (7.5 s), CSS NVM, MPSMIN 0 (spec §7.2).</summary>
    public static ulong Capabilities => 0x3FFUL | (1UL << 16) | (15UL << 24) | (1UL << 37);

    public const uint Version = 0x00010400;

    /// <summary>Property Set CC: EN 0→1 makes RDY (or CFS for bad queue entry sizes), SHN completes shutdown at once (spec §7.2).</summary>
    public void SetConfiguration(uint value)
    {
        lock (_sync)
        {
            bool enable = (value & ControllerProperty.ConfigurationEnable) != 0;
            uint status = 0;
            if (enable)
            {
                bool validSizes = ((value >> 16) & 0xF) == 6 && ((value >> 20) & 0xF) == 4 && ((value >> 7) & 0xF) == 0;
                status = validSizes ? ControllerProperty.StatusReady : ControllerProperty.StatusFatal;
            }

            if (((value >> ControllerProperty.ShutdownNotificationShift) & 3) != 0)
            {
                status |= ControllerProperty.ShutdownComplete;
            }

            Configuration = value;
            Status = status;
        }
    }

    /// <summary>KATO in milliseconds as Get Features reports it: the timeout in force, in whole seconds (0 = none).</summary>
    public uint KeepAliveMilliseconds
    {
        get
        {
            lock (_sync)
            {
                return (uint)_keepAliveTimeout.TotalMilliseconds;
            }
        }
    }

    /// <summary>
    /// KATO from Connect or Set Features (spec §8.1): rounded up to whole seconds as Linux's target does, 0 =
    /// no keep-alive (120 s on a discovery controller, as Linux substitutes). The timer restarts from now.
    /// </summary>
    public void SetKeepAlive(uint keepAliveMs)
    {
        TimeSpan timeout = keepAliveMs == 0
            ? (Subsystem is null ? DiscoveryKeepAlive : TimeSpan.Zero)
            : TimeSpan.FromSeconds(Math.Ceiling(keepAliveMs / 1000.0));
        lock (_sync)
        {
            if (_tornDown)
            {
                return;
            }

            _keepAliveTimer?.Dispose();
            _keepAliveTimer = null;
            _keepAliveTimeout = timeout;
            Touch();
            if (timeout > TimeSpan.Zero)
            {
                _keepAliveTimer = _target.Options.TimeProvider.CreateTimer(static s => ((TargetController)s!).CheckKeepAlive(), this, timeout, timeout);
            }
        }
    }

    public void Touch() => Volatile.Write(ref _lastActivity, _target.Options.TimeProvider.GetTimestamp());

    public bool TryAttach(TargetConnection connection, ushort queueId)
    {
        lock (_sync)
        {
            if (_tornDown || !_connectedQueues.Add(queueId))
            {
                return false;
            }

            _connections.Add(connection);
            return true;
        }
    }

    /// <summary>A connection went away; losing the admin queue ends the controller (as Linux does).</summary>
    public void Detach(TargetConnection connection, ushort queueId)
    {
        lock (_sync)
        {
            _connections.Remove(connection);
            _connectedQueues.Remove(queueId);
        }

        if (queueId == 0)
        {
            Teardown("admin queue closed");
        }
    }

    /// <summary>Holds an AER until an event happens (spec §8); false when the limit is exceeded.</summary>
    public bool HoldAsyncEvent(TargetConnection connection, ushort commandId)
    {
        bool completeNow;
        lock (_sync)
        {
            if (_heldAsyncEvents.Count >= MaxHeldAsyncEvents)
            {
                return false;
            }

            completeNow = _eventPending;
            _eventPending = false;
            if (!completeNow)
            {
                _heldAsyncEvents.Enqueue((connection, commandId));
            }
        }

        if (completeNow)
        {
            _ = connection.CompleteAsyncEventAsync(commandId, AsyncEvent.NamespaceAttributeChangedResult);
        }

        return true;
    }

    /// <summary>
    /// A change to <paramref name="nsids"/> (empty = anything may have changed): noticed only if this host can see
    /// the namespace, or could before, so a host learns nothing of namespaces other hosts' ACLs give them.
    /// </summary>
    private void OnNamespacesChanged(IReadOnlyList<uint> nsids)
    {
        // Asked outside _sync: the access policy may take its owner's locks.
        NvmeSubsystem subsystem = Subsystem!;
        List<uint>? visibleNow = nsids.Count == 0 ? subsystem.VisibleNamespaceIds(HostNqn) : null;
        var visible = nsids.Select(nsid => (Nsid: nsid, Visible: subsystem.TryGetVisibleNamespace(HostNqn, nsid, out _))).ToList();
        (TargetConnection Connection, ushort CommandId) held = default;
        bool haveHeld;
        lock (_sync)
        {
            bool notice = visibleNow is not null;
            if (visibleNow is not null)
            {
                _visibleNamespaces.Clear();
                _visibleNamespaces.UnionWith(visibleNow);
            }

            foreach ((uint nsid, bool isVisible) in visible)
            {
                bool wasVisible = isVisible ? !_visibleNamespaces.Add(nsid) : _visibleNamespaces.Remove(nsid);
                if (isVisible || wasVisible)
                {
                    _changedNamespaces.Add(nsid);
                    notice = true;
                }
            }

            if (!notice)
            {
                return;
            }

            haveHeld = _heldAsyncEvents.TryDequeue(out held);
            _eventPending = !haveHeld;
        }

        if (haveHeld)
        {
            _ = held.Connection.CompleteAsyncEventAsync(held.CommandId, AsyncEvent.NamespaceAttributeChangedResult);
        }
    }

    /// <summary>Changed Namespace List log (0x04): reading it clears it.</summary>
    public List<uint> TakeChangedNamespaces()
    {
        lock (_sync)
        {
            var list = _changedNamespaces.ToList();
            _changedNamespaces.Clear();
            return list;
        }
    }

    private void CheckKeepAlive()
    {
        TimeProvider time = _target.Options.TimeProvider;
        TimeSpan timeout;
        lock (_sync)
        {
            timeout = _keepAliveTimeout;
        }

        if (timeout > TimeSpan.Zero && time.GetElapsedTime(Volatile.Read(ref _lastActivity)) >= timeout)
        {
            Teardown("keep-alive timeout");
        }
    }

    /// <summary>Ends the association: closes every connection of this controller and frees the CNTLID.</summary>
    public void Teardown(string reason)
    {
        List<TargetConnection> connections;
        ITimer? keepAliveTimer;
        lock (_sync)
        {
            if (_tornDown)
            {
                return;
            }

            _tornDown = true;
            connections = [.. _connections];
            _heldAsyncEvents.Clear();
            keepAliveTimer = _keepAliveTimer;
        }

        _ = reason;
        keepAliveTimer?.Dispose();
        if (Subsystem is not null)
        {
            Subsystem.NamespacesChanged -= OnNamespacesChanged;
        }

        _target.RemoveController(this);
        foreach (TargetConnection connection in connections)
        {
            connection.Close();
        }
    }
}
