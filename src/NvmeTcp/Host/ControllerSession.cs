using System.Net;
using NvmeTcp.Nvme;

namespace NvmeTcp.Host;

/// <summary>
/// One association with a controller: the admin queue, the I/O queues and the CNTLID they share
/// (spec §1). If any of its connections fails the whole session is torn down, as the Linux host's error
/// recovery does, and a new session (new CNTLID) replaces it on reconnect.
/// </summary>
internal sealed class ControllerSession : IAsyncDisposable
{
    private const int AdminQueueDepth = 32; // SQSIZE 31, what Linux sends (spec §7.1)
    private readonly NvmeHostOptions _options;
    private readonly List<HostQueue> _ioQueues = [];
    private ITimer? _keepAliveTimer;
    private LinuxSubsystemView? _linuxView;
    private int _nextQueue;
    private int _faulted;

    private ControllerSession(HostQueue admin, NvmeHostOptions options, int generation)
    {
        Admin = admin;
        _options = options;
        Generation = generation;
        admin.Failed += OnQueueFailed;
    }

    public HostQueue Admin { get; }
    public IReadOnlyList<HostQueue> IoQueues => _ioQueues;
    public ushort ControllerId { get; private set; }
    public ControllerIdentity Identity { get; private set; } = new();
    public int Generation { get; }
    public NvmeHostOptions Options => _options;

    /// <summary>Linux's record of this subsystem across the host's strict sessions; null unless <see cref="NvmeHostOptions.LinuxStrict"/>.</summary>
    public LinuxSubsystemView? LinuxView => _linuxView;
    public bool IsFaulted => Volatile.Read(ref _faulted) != 0;

    /// <summary>Controller bring-up (spec §7.3 steps 1-7; discovery per §11 stops after Identify).</summary>
    public static async Task<ControllerSession> EstablishAsync(EndPoint endPoint, string subsystemNqn, NvmeHostOptions options, bool discovery, int generation, CancellationToken ct)
    {
        HostQueue admin = await HostQueue.ConnectAsync(endPoint, 0, AdminQueueDepth, options, ct);
        var session = new ControllerSession(admin, options, generation);
        try
        {
            uint kato = discovery ? 0 : (uint)options.KeepAliveTimeout.TotalMilliseconds;
            CompletionQueueEntry connected = await session.ConnectQueueAsync(admin, AdminQueueDepth, kato, ConnectData.DynamicControllerId, subsystemNqn, ct);
            session.ControllerId = (ushort)connected.Dw0;

            ulong capabilities = await session.EnableAsync(ct);

            byte[] identify = new byte[IdentifyCns.DataSize];
            await session.AdminAsync(CommandBuilder.Identify(IdentifyCns.Controller, 0), default, identify, "Identify Controller", ct);
            session.Identity = ControllerIdentity.Read(identify);
            if (options.LinuxStrict)
            {
                LinuxHostRules.CheckController(session.Identity, session.ControllerId, subsystemNqn, discovery, capabilities);
                if (!discovery)
                {
                    session._linuxView = LinuxSubsystemView.Join(options.EffectiveHostNqn, session.Identity);
                }
            }

            if (!discovery)
            {
                await session.ConnectIoQueuesAsync(endPoint, subsystemNqn, capabilities, ct);
            }

            session.StartKeepAlive(kato);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private async Task<CompletionQueueEntry> ConnectQueueAsync(HostQueue queue, int depth, uint kato, ushort controllerId, string subsystemNqn, CancellationToken ct)
    {
        byte[] data = new byte[ConnectData.Size];
        new ConnectData(_options.HostId, controllerId, subsystemNqn, _options.EffectiveHostNqn).Write(data);
        SubmissionQueueEntry sqe = CommandBuilder.Connect(queue.QueueId, (ushort)(depth - 1), kato);
        CompletionQueueEntry cqe = await queue.ExecuteAsync(sqe, data, default, ct);
        if (!cqe.IsSuccess)
        {
            throw NvmeException.FromStatus(cqe.NvmeStatus, $"Connect queue {queue.QueueId} to {subsystemNqn}");
        }

        if (_options.LinuxStrict)
        {
            LinuxHostRules.CheckConnectResponse(queue.QueueId, cqe.Dw0);
        }

        return cqe;
    }

    /// <summary>CC.EN = 1 and wait for CSTS.RDY, at most CAP.TO × 500 ms (spec §7.3 step 3).</summary>
    private async Task<ulong> EnableAsync(CancellationToken ct)
    {
        CompletionQueueEntry cap = await AdminAsync(CommandBuilder.PropertyGet(ControllerProperty.Capabilities, true), default, default, "Property Get CAP", ct);
        ulong capabilities = cap.Dw0 | ((ulong)cap.Dw1 << 32);
        await AdminAsync(CommandBuilder.PropertySet(ControllerProperty.Configuration, ControllerProperty.EnableValue), default, default, "Property Set CC", ct);

        TimeProvider time = _options.TimeProvider;
        long readyTimeoutMs = Math.Max(500, (long)((capabilities >> 24) & 0xFF) * 500);
        long deadline = time.GetTimestamp() + readyTimeoutMs * time.TimestampFrequency / 1000;
        while (true)
        {
            CompletionQueueEntry csts = await AdminAsync(CommandBuilder.PropertyGet(ControllerProperty.Status, false), default, default, "Property Get CSTS", ct);
            if ((csts.Dw0 & ControllerProperty.StatusFatal) != 0)
            {
                throw new NvmeException(NvmeErrorKind.ProtocolError, "Controller reported a fatal status (CSTS.CFS) while enabling.");
            }

            if ((csts.Dw0 & ControllerProperty.StatusReady) != 0)
            {
                return capabilities;
            }

            if (time.GetTimestamp() > deadline)
            {
                throw new NvmeException(NvmeErrorKind.Timeout, $"Controller not ready after {readyTimeoutMs} ms (CSTS.RDY = 0).");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), time, ct);
        }
    }

    private async Task ConnectIoQueuesAsync(EndPoint endPoint, string subsystemNqn, ulong capabilities, CancellationToken ct)
    {
        int wanted = Math.Max(1, _options.IoQueueCount);
        uint request = (uint)(wanted - 1) | ((uint)(wanted - 1) << 16);
        CompletionQueueEntry granted = await AdminAsync(CommandBuilder.SetFeatures(FeatureId.NumberOfQueues, request), default, default, "Set Features Number of Queues", ct);
        int count = Math.Min(wanted, (int)Math.Min(granted.Dw0 & 0xFFFF, granted.Dw0 >> 16) + 1);

        int maxEntries = (int)(capabilities & 0xFFFF) + 1;
        int depth = Math.Min(Math.Min(_options.IoQueueDepth, maxEntries), Identity.MaxCommands == 0 ? int.MaxValue : Identity.MaxCommands);
        // CIDs index a per-queue table; stay within ushort and keep room for the queue to be useful.
        depth = Math.Clamp(depth, 2, 4096);

        var connecting = new Task<HostQueue>[count];
        for (int i = 0; i < count; i++)
        {
            connecting[i] = ConnectIoQueueAsync(endPoint, (ushort)(i + 1), depth, subsystemNqn, ct);
        }

        try
        {
            await Task.WhenAll(connecting);
        }
        finally
        {
            foreach (Task<HostQueue> task in connecting)
            {
                if (task.IsCompletedSuccessfully)
                {
                    _ioQueues.Add(task.Result);
                }
            }
        }
    }

    private async Task<HostQueue> ConnectIoQueueAsync(EndPoint endPoint, ushort queueId, int depth, string subsystemNqn, CancellationToken ct)
    {
        HostQueue queue = await HostQueue.ConnectAsync(endPoint, queueId, depth, _options, ct);
        try
        {
            // The I/O queue's Connect is in-capsule (1024 bytes); later writes use the IOCCSZ limit (spec §6).
            queue.InCapsuleLimit = ConnectData.Size;
            await ConnectQueueAsync(queue, depth, 0, ControllerId, subsystemNqn, ct);
            queue.InCapsuleLimit = Identity.InCapsuleDataLimit;
            queue.Failed += OnQueueFailed;
            return queue;
        }
        catch
        {
            await queue.DisposeAsync();
            throw;
        }
    }

    /// <summary>Keep Alive every KATO/2 (spec §8.1).</summary>
    private void StartKeepAlive(uint katoMs)
    {
        if (katoMs == 0)
        {
            return;
        }

        TimeSpan period = TimeSpan.FromMilliseconds(katoMs / 2.0);
        _keepAliveTimer = _options.TimeProvider.CreateTimer(static s => _ = ((ControllerSession)s!).SendKeepAliveAsync(), this, period, period);
    }

    private async Task SendKeepAliveAsync()
    {
        try
        {
            await AdminAsync(CommandBuilder.KeepAlive(), default, default, "Keep Alive", CancellationToken.None);
        }
        catch (Exception ex)
        {
            Fault(ex);
        }
    }

    public async ValueTask<CompletionQueueEntry> AdminAsync(SubmissionQueueEntry sqe, ReadOnlyMemory<byte> writeData, Memory<byte> readBuffer, string operation, CancellationToken ct)
    {
        CompletionQueueEntry cqe = await Admin.ExecuteAsync(sqe, writeData, readBuffer, ct);
        return cqe.IsSuccess ? cqe : throw NvmeException.FromStatus(cqe.NvmeStatus, operation);
    }

    /// <summary>An Asynchronous Event Request, completed when the controller has an event to report (or the association ends).</summary>
    public async Task<CompletionQueueEntry> WaitForEventAsync() => await Admin.WaitForEventAsync(CommandBuilder.AsyncEventRequest());

    /// <summary>Reads a log page in pieces no larger than MDTS allows, using LPOL offsets (spec §8, §11).</summary>
    public async Task<byte[]> GetLogPageAsync(byte logId, uint nsid, int length, CancellationToken ct)
    {
        byte[] page = new byte[length];
        int chunk = Math.Min(Identity.MaxTransferBytes, 256 * 1024);
        for (int offset = 0; offset < length; offset += chunk)
        {
            int size = Math.Min(chunk, length - offset);
            await AdminAsync(CommandBuilder.GetLogPage(logId, nsid, (ulong)offset, size), default, page.AsMemory(offset, size), $"Get Log Page 0x{logId:X2}", ct);
        }

        return page;
    }

    /// <summary>Least-loaded I/O queue, starting the scan at a rotating index so ties spread round-robin.</summary>
    public HostQueue PickIoQueue()
    {
        int count = _ioQueues.Count;
        if (count == 0 || IsFaulted)
        {
            throw NvmeException.ConnectionLost("The controller session has failed; reconnect to continue.");
        }

        int start = (int)((uint)Interlocked.Increment(ref _nextQueue) % (uint)count);
        HostQueue best = _ioQueues[start];
        for (int i = 1; i < count && best.InFlight > 0; i++)
        {
            HostQueue candidate = _ioQueues[(start + i) % count];
            if (candidate.InFlight < best.InFlight)
            {
                best = candidate;
            }
        }

        return best;
    }

    private void OnQueueFailed(HostQueue queue, Exception reason) => Fault(reason);

    public void Fault(Exception reason)
    {
        if (Interlocked.Exchange(ref _faulted, 1) != 0)
        {
            return;
        }

        _keepAliveTimer?.Dispose();
        Admin.Abort(reason);
        foreach (HostQueue queue in _ioQueues)
        {
            queue.Abort(reason);
        }
    }

    /// <summary>Normal shutdown: CC.SHN = 01b, wait briefly for SHST = 10b (spec §7.3 step 9), then close.</summary>
    public async Task ShutdownAsync(CancellationToken ct)
    {
        _keepAliveTimer?.Dispose();
        if (!IsFaulted)
        {
            try
            {
                uint shutdown = ControllerProperty.EnableValue | (1u << ControllerProperty.ShutdownNotificationShift);
                await AdminAsync(CommandBuilder.PropertySet(ControllerProperty.Configuration, shutdown), default, default, "Property Set CC.SHN", ct);
                for (int attempt = 0; attempt < 50; attempt++)
                {
                    CompletionQueueEntry csts = await AdminAsync(CommandBuilder.PropertyGet(ControllerProperty.Status, false), default, default, "Property Get CSTS", ct);
                    if ((csts.Dw0 & 0b1100) == ControllerProperty.ShutdownComplete)
                    {
                        break;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(10), _options.TimeProvider, ct);
                }
            }
            catch (NvmeException)
            {
                // The controller is going away anyway; shutdown is a courtesy.
            }
        }

        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _faulted, 1);
        Interlocked.Exchange(ref _linuxView, null)?.Leave(ControllerId);
        _keepAliveTimer?.Dispose();
        foreach (HostQueue queue in _ioQueues)
        {
            await queue.DisposeAsync();
        }

        await Admin.DisposeAsync();
    }
}
