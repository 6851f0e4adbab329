using System.Buffers.Binary;
using System.Net;
using NvmeTcp.Host;
using NvmeTcp.Nvme;

namespace NvmeTcp.Host;

/// <summary>
/// A connected NVMe/TCP I/O controller: admin queue, several I/O queues, keep-alive.
/// <para>
/// Reconnect policy: when any connection of the controller is lost, every in-flight command fails with a
/// retryable <see cref="NvmeErrorKind.ConnectionLost"/> error and the controller is marked disconnected.
/// The next command (or an explicit <see cref="ReconnectAsync"/>) establishes a new association on the
/// same endpoint. Commands are never retried behind the caller's back.
/// </para>
/// </summary>
public sealed class NvmeController : IAsyncDisposable
{
    private readonly NvmeHostOptions _options;
    private readonly SemaphoreSlim _reconnectLock = new(1, 1);
    private ControllerSession _session;
    private bool _disposed;

    private NvmeController(EndPoint endPoint, string subsystemNqn, NvmeHostOptions options, ControllerSession session)
    {
        EndPoint = endPoint;
        SubsystemNqn = subsystemNqn;
        _options = options;
        _session = session;
    }

    public EndPoint EndPoint { get; }
    public string SubsystemNqn { get; }
    public ushort ControllerId => _session.ControllerId;
    public int IoQueueCount => _session.IoQueues.Count;
    public string ModelNumber => _session.Identity.ModelNumber;
    public string SerialNumber => _session.Identity.SerialNumber;

    /// <summary>CMIC bit 3: the controller reports ANA states (log page 0x0C).</summary>
    public bool ReportsAna => _session.Identity.ReportsAna;

    /// <summary>Largest transfer one command may carry (MDTS); bigger requests are split.</summary>
    public int MaxTransferBytes => _session.Identity.MaxTransferBytes;

    public bool IsConnected => !_session.IsFaulted;

    internal ControllerIdentity Identity => _session.Identity;

    public static async Task<NvmeController> ConnectAsync(EndPoint endPoint, string subsystemNqn, NvmeHostOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentException.ThrowIfNullOrEmpty(subsystemNqn);
        options ??= new NvmeHostOptions();
        ControllerSession session = await ControllerSession.EstablishAsync(endPoint, subsystemNqn, options, discovery: false, generation: 1, ct);
        return new NvmeController(endPoint, subsystemNqn, options, session);
    }

    /// <summary>Identify Active Namespace List (CNS 2), following the list past 1024 entries.</summary>
    public async Task<IReadOnlyList<uint>> GetActiveNamespaceIdsAsync(CancellationToken ct = default)
    {
        ControllerSession session = await GetSessionAsync(ct);
        return await GetActiveNamespaceIdsAsync(session, ct);
    }

    internal static async Task<IReadOnlyList<uint>> GetActiveNamespaceIdsAsync(ControllerSession session, CancellationToken ct)
    {
        var result = new List<uint>();
        uint after = 0;
        byte[] page = new byte[IdentifyCns.DataSize];
        while (true)
        {
            await session.AdminAsync(CommandBuilder.Identify(IdentifyCns.ActiveNamespaceList, after), default, page, "Identify Active Namespace List", ct);
            int start = result.Count;
            uint asked = after;
            bool complete = false;
            for (int offset = 0; offset < page.Length && !complete; offset += 4)
            {
                uint nsid = BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(offset));
                complete = nsid == 0;
                if (!complete)
                {
                    result.Add(nsid);
                    after = nsid;
                }
            }

            if (session.Options.LinuxStrict)
            {
                LinuxHostRules.CheckActiveNamespaceList(result[start..], asked, session.Identity);
            }

            if (complete)
            {
                session.LinuxView?.Scanned(session.ControllerId, result);
                return result;
            }
        }
    }

    /// <summary>Identify Namespace and its descriptors; throws <see cref="NvmeErrorKind.CommandFailed"/> (SC 0x0B) for an inactive NSID.</summary>
    public async Task<NamespaceInfo> IdentifyNamespaceAsync(uint nsid, CancellationToken ct = default)
    {
        ControllerSession session = await GetSessionAsync(ct);
        return await IdentifyNamespaceAsync(session, nsid, ct);
    }

    internal static async Task<NamespaceInfo> IdentifyNamespaceAsync(ControllerSession session, uint nsid, CancellationToken ct)
    {
        byte[] page = new byte[IdentifyCns.DataSize];
        await session.AdminAsync(CommandBuilder.Identify(IdentifyCns.Namespace, nsid), default, page, "Identify Namespace", ct);
        NamespaceIdentity identity = NamespaceIdentity.Read(page, nsid);
        if (!identity.IsActive)
        {
            // An inactive NSID identifies as zeros (spec §9.2); report it as the I/O would.
            session.LinuxView?.Inactive(session.ControllerId, nsid);
            throw NvmeException.FromStatus(NvmeStatus.InvalidNamespace, $"Namespace {nsid} is not active on this controller");
        }

        bool shared = (page[30] & 1) != 0;
        if (session.Options.LinuxStrict)
        {
            LinuxHostRules.CheckNamespace(page, nsid, session.Identity);
        }

        await session.AdminAsync(CommandBuilder.Identify(IdentifyCns.NamespaceDescriptors, nsid), default, page, "Identify Namespace Descriptors", ct);
        Guid uuid = NamespaceIdentity.ReadUuidDescriptor(page);
        if (session.LinuxView is { } linuxView)
        {
            LinuxHostRules.CheckDescriptors(page, nsid);
            // Linux takes the NGUID descriptor, else Identify Namespace's NGUID (core.c nvme_identify_ns).
            Guid nguid = NamespaceIdentity.ReadNguidDescriptor(page);
            linuxView.SeeNamespace(session.ControllerId, nsid, shared, new LinuxNamespaceIds(uuid, nguid == Guid.Empty ? identity.Nguid : nguid));
            if (session.Identity.ReportsAna)
            {
                LinuxHostRules.CheckNamespaceInAnaLog(nsid, identity.AnaGroupId, await ReadAnaGroupsAsync(session, ct));
            }
        }

        return new NamespaceInfo(nsid, identity.BlockSize, (long)identity.BlockCount, uuid, identity.AnaGroupId);
    }

    /// <summary>Reads the ANA log page (0x0C) when the controller reports ANA; empty otherwise.</summary>
    public async Task<IReadOnlyList<AnaGroup>> GetAnaGroupsAsync(CancellationToken ct = default)
    {
        ControllerSession session = await GetSessionAsync(ct);
        return session.Identity.ReportsAna ? await ReadAnaGroupsAsync(session, ct) : [];
    }

    private static async Task<IReadOnlyList<AnaGroup>> ReadAnaGroupsAsync(ControllerSession session, CancellationToken ct)
    {
        // Size the read from the controller's limits: every group header plus every NSID it could list.
        long maxBytes = AnaLogPage.MaxSize(Math.Max(1, session.Identity.AnaGroupMax), Math.Max(1, session.Identity.NamespaceCount));
        int length = (int)Math.Min(Math.Min(maxBytes, 1 << 20), session.Identity.MaxTransferBytes) & ~3;
        byte[] page = await session.GetLogPageAsync(LogPageId.AsymmetricNamespaceAccess, 0, length, ct);
        if (session.Options.LinuxStrict)
        {
            LinuxHostRules.CheckAnaLog(page, session.Identity);
        }

        return AnaLogPage.Read(page);
    }

    /// <summary>Opens a namespace as a block device sharing this controller's queues.</summary>
    public async Task<NvmeBlockDevice> OpenNamespaceAsync(uint nsid, CancellationToken ct = default)
    {
        ControllerSession session = await GetSessionAsync(ct);
        NamespaceInfo info = await IdentifyNamespaceAsync(session, nsid, ct);
        return new NvmeBlockDevice(this, info, session.Generation, ownsController: false);
    }

    /// <summary>Drops the current association (if any) and establishes a new one on the same endpoint.</summary>
    public async Task ReconnectAsync(CancellationToken ct = default)
    {
        ControllerSession current = _session;
        await ReplaceSessionAsync(current, force: true, ct);
    }

    /// <summary>The live session; reconnects first if the previous one failed.</summary>
    internal ValueTask<ControllerSession> GetSessionAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ControllerSession session = _session;
        return session.IsFaulted ? new ValueTask<ControllerSession>(ReplaceSessionAsync(session, force: false, ct)) : new ValueTask<ControllerSession>(session);
    }

    private async Task<ControllerSession> ReplaceSessionAsync(ControllerSession observed, bool force, CancellationToken ct)
    {
        await _reconnectLock.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ControllerSession current = _session;
            if (current != observed || (!force && !current.IsFaulted))
            {
                return current; // someone else reconnected meanwhile
            }

            await current.DisposeAsync();
            ControllerSession replacement = await ControllerSession.EstablishAsync(EndPoint, SubsystemNqn, _options, discovery: false, current.Generation + 1, ct);
            _session = replacement;
            return replacement;
        }
        finally
        {
            _reconnectLock.Release();
        }
    }

    /// <summary>Simulates or reacts to a path failure: closes every connection now, failing in-flight commands.</summary>
    public void Disconnect() => _session.Fault(NvmeException.ConnectionLost("Disconnected by the caller."));

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _reconnectLock.WaitAsync();
        try
        {
            _disposed = true;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _session.ShutdownAsync(timeout.Token);
        }
        finally
        {
            _reconnectLock.Release();
        }
    }
}
