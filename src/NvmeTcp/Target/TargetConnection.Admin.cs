using System.Buffers;
using System.Buffers.Binary;
using NvmeTcp.Nvme;

namespace NvmeTcp.Target;

/// <summary>Fabrics and admin commands (spec §7, §8, §12).</summary>
internal sealed partial class TargetConnection
{
    private async Task ProcessAdminAsync(ReceivedCapsule capsule)
    {
        SubmissionQueueEntry sqe = capsule.Sqe;
        try
        {
            if (capsule.DataDigestFailed)
            {
                // Data digest errors are not fatal: fail the command, never act on the data (spec §3).
                await SendResponseAsync(sqe.CommandId, NvmeStatus.TransientTransportError).ConfigureAwait(false);
                return;
            }

            if (sqe.Opcode == AdminOpcode.Fabrics)
            {
                await ProcessFabricsAsync(capsule).ConfigureAwait(false);
                return;
            }

            TargetController? controller = Controller;
            if (controller is null)
            {
                await SendResponseAsync(sqe.CommandId, NvmeStatus.CommandSequenceError).ConfigureAwait(false);
                return;
            }

            if (QueueId != 0)
            {
                return; // unreachable: I/O queues dispatch elsewhere
            }

            if (!controller.IsReady)
            {
                // Linux: sequence error on I/O controllers, invalid opcode on discovery ones (spec §7.3 step 3).
                await SendResponseAsync(sqe.CommandId, controller.IsDiscovery ? NvmeStatus.InvalidOpcode : NvmeStatus.CommandSequenceError).ConfigureAwait(false);
                return;
            }

            if (!capsule.InCapsuleData.IsEmpty && sqe.Opcode != AdminOpcode.SetFeatures)
            {
                await SendResponseAsync(sqe.CommandId, NvmeStatus.InvalidField).ConfigureAwait(false);
                return;
            }

            switch (sqe.Opcode)
            {
                case AdminOpcode.Identify:
                    await IdentifyAsync(controller, sqe).ConfigureAwait(false);
                    break;
                case AdminOpcode.GetLogPage:
                    await GetLogPageAsync(controller, sqe).ConfigureAwait(false);
                    break;
                case AdminOpcode.SetFeatures:
                case AdminOpcode.GetFeatures:
                    await FeaturesAsync(controller, sqe).ConfigureAwait(false);
                    break;
                case AdminOpcode.AsyncEventRequest:
                    if (!controller.HoldAsyncEvent(this, sqe.CommandId))
                    {
                        await SendResponseAsync(sqe.CommandId, NvmeStatus.AsyncEventLimitExceeded).ConfigureAwait(false);
                    }

                    break;
                case AdminOpcode.KeepAlive:
                    await SendResponseAsync(sqe.CommandId, NvmeStatus.Success).ConfigureAwait(false);
                    break;
                default:
                    await SendResponseAsync(sqe.CommandId, NvmeStatus.InvalidOpcode).ConfigureAwait(false);
                    break;
            }
        }
        finally
        {
            ReturnData(capsule);
        }
    }

    private async Task ProcessFabricsAsync(ReceivedCapsule capsule)
    {
        SubmissionQueueEntry sqe = capsule.Sqe;
        TargetController? controller = Controller;
        switch (sqe.FabricsCommandType)
        {
            case FabricsCommandType.Connect:
                await ConnectAsync(capsule).ConfigureAwait(false);
                return;
            case FabricsCommandType.PropertyGet when controller is not null && QueueId == 0:
                (NvmeStatus status, ulong value) = PropertyGet(controller, sqe.Cdw11, (sqe.Cdw10 & 7) == 1);
                await SendResponseAsync(sqe.CommandId, status, (uint)value, (uint)(value >> 32)).ConfigureAwait(false);
                return;
            case FabricsCommandType.PropertySet when controller is not null && QueueId == 0:
                NvmeStatus setStatus = NvmeStatus.InvalidField;
                if (sqe.Cdw11 == ControllerProperty.Configuration)
                {
                    controller.SetConfiguration(sqe.Cdw12);
                    setStatus = NvmeStatus.Success;
                }

                await SendResponseAsync(sqe.CommandId, setStatus).ConfigureAwait(false);
                return;
            default:
                await SendResponseAsync(sqe.CommandId, controller is null ? NvmeStatus.CommandSequenceError : NvmeStatus.InvalidOpcode).ConfigureAwait(false);
                return;
        }
    }

    private static (NvmeStatus Status, ulong Value) PropertyGet(TargetController controller, uint offset, bool eightBytes) => offset switch
    {
        ControllerProperty.Capabilities when eightBytes => (NvmeStatus.Success, TargetController.Capabilities),
        ControllerProperty.Version => (NvmeStatus.Success, TargetController.Version),
        ControllerProperty.Configuration => (NvmeStatus.Success, controller.Configuration),
        ControllerProperty.Status => (NvmeStatus.Success, controller.Status),
        _ => (NvmeStatus.InvalidField, 0),
    };

    /// <summary>Connect (spec §7.1): admin creates a controller, I/O joins one; failures as the Linux target reports them.</summary>
    private async Task ConnectAsync(ReceivedCapsule capsule)
    {
        SubmissionQueueEntry sqe = capsule.Sqe;
        ushort queueId = (ushort)(sqe.Cdw10 >> 16);
        ushort sqSize = (ushort)sqe.Cdw11;
        if (Controller is not null)
        {
            await SendResponseAsync(sqe.CommandId, NvmeStatus.CommandSequenceError).ConfigureAwait(false);
            return;
        }

        if (capsule.DataLength != ConnectData.Size || !sqe.Sgl.IsInCapsule || sqe.Sgl.Length != ConnectData.Size)
        {
            await SendResponseAsync(sqe.CommandId, NvmeStatus.DataSglLengthInvalid).ConfigureAwait(false);
            return;
        }

        if ((ushort)sqe.Cdw10 != 0)
        {
            await SendResponseAsync(sqe.CommandId, NvmeStatus.ConnectIncompatibleFormat).ConfigureAwait(false);
            return;
        }

        ConnectData data = ConnectData.Read(capsule.InCapsuleData.Span);
        bool discovery = data.SubsystemNqn == WellKnownNqn.Discovery;
        NvmeSubsystem? subsystem = discovery ? null : _target.FindSubsystem(data.SubsystemNqn);
        if (!discovery && subsystem is null)
        {
            await RejectConnectAsync(sqe.CommandId, ConnectData.SubsystemNqnOffset, inData: true).ConfigureAwait(false);
            return;
        }

        if (subsystem is not null && !subsystem.AccessPolicy.IsHostAllowed(data.HostNqn))
        {
            await SendResponseAsync(sqe.CommandId, NvmeStatus.ConnectInvalidHost).ConfigureAwait(false);
            return;
        }

        if (sqSize == 0 || sqSize > (TargetController.Capabilities & 0xFFFF))
        {
            await RejectConnectAsync(sqe.CommandId, 44, inData: false).ConfigureAwait(false);
            return;
        }

        TargetController? controller;
        if (queueId == 0)
        {
            if (data.ControllerId != ConnectData.DynamicControllerId)
            {
                await RejectConnectAsync(sqe.CommandId, ConnectData.ControllerIdOffset, inData: true).ConfigureAwait(false);
                return;
            }

            controller = _target.CreateController(id => new TargetController(_target, id, subsystem, data.HostNqn, data.HostId, sqe.Cdw12));
            if (controller is null)
            {
                await SendResponseAsync(sqe.CommandId, new NvmeStatus(NvmeStatus.CommandSpecificType, 0x81)).ConfigureAwait(false);
                return;
            }
        }
        else
        {
            controller = _target.FindController(data.ControllerId);
            if (controller is null || controller.Subsystem != subsystem || controller.HostNqn != data.HostNqn || controller.IsDiscovery)
            {
                await RejectConnectAsync(sqe.CommandId, ConnectData.ControllerIdOffset, inData: true).ConfigureAwait(false);
                return;
            }

            if (queueId > controller.GrantedIoQueues)
            {
                await RejectConnectAsync(sqe.CommandId, 42, inData: false).ConfigureAwait(false);
                return;
            }

            if (!controller.IsReady)
            {
                await SendResponseAsync(sqe.CommandId, NvmeStatus.CommandSequenceError).ConfigureAwait(false);
                return;
            }
        }

        if (!controller.TryAttach(this, queueId))
        {
            // The same QID twice is a command sequence error (spec §1).
            await SendResponseAsync(sqe.CommandId, NvmeStatus.CommandSequenceError).ConfigureAwait(false);
            return;
        }

        QueueId = queueId;
        _sqSize = sqSize;
        Controller = controller;
        await SendResponseAsync(sqe.CommandId, NvmeStatus.Success, controller.ControllerId).ConfigureAwait(false);
    }

    /// <summary>SCT 1 / SC 0x82 with DW0 = IPO | IATTR &lt;&lt; 16 (spec §7.1).</summary>
    private ValueTask RejectConnectAsync(ushort commandId, ushort offset, bool inData) =>
        SendResponseAsync(commandId, NvmeStatus.ConnectInvalidParameters, offset | (inData ? 1u << 16 : 0));

    private async Task IdentifyAsync(TargetController controller, SubmissionQueueEntry sqe)
    {
        byte cns = (byte)sqe.Cdw10;
        if (!sqe.Sgl.IsTransport || sqe.Sgl.Length != IdentifyCns.DataSize)
        {
            await SendResponseAsync(sqe.CommandId, NvmeStatus.DataSglLengthInvalid).ConfigureAwait(false);
            return;
        }

        if (controller.IsDiscovery && cns != IdentifyCns.Controller)
        {
            await SendResponseAsync(sqe.CommandId, NvmeStatus.InvalidField).ConfigureAwait(false);
            return;
        }

        byte[] page = ArrayPool<byte>.Shared.Rent(IdentifyCns.DataSize);
        try
        {
            Span<byte> data = page.AsSpan(0, IdentifyCns.DataSize);
            data.Clear();
            NvmeSubsystem? subsystem = controller.Subsystem;
            NvmeStatus status = NvmeStatus.Success;
            switch (cns)
            {
                case IdentifyCns.Controller:
                    BuildControllerIdentity(controller).Write(data);
                    break;
                case IdentifyCns.Namespace:
                    // An inactive or hidden NSID identifies as an all-zero page (spec §9.2).
                    if (subsystem!.TryGetVisibleNamespace(controller.HostNqn, sqe.NamespaceId, out INamespaceBackend? backend))
                    {
                        new NamespaceIdentity((ulong)backend.BlockCount, backend.BlockSize, sqe.NamespaceId).Write(data, sharedMultiPath: true);
                    }

                    break;
                case IdentifyCns.ActiveNamespaceList:
                    int index = 0;
                    foreach (uint nsid in subsystem!.VisibleNamespaceIds(controller.HostNqn))
                    {
                        if (nsid > sqe.NamespaceId && index < IdentifyCns.DataSize / 4)
                        {
                            BinaryPrimitives.WriteUInt32LittleEndian(data[(index++ * 4)..], nsid);
                        }
                    }

                    break;
                case IdentifyCns.NamespaceDescriptors:
                    if (subsystem!.TryGetVisibleNamespace(controller.HostNqn, sqe.NamespaceId, out INamespaceBackend? described))
                    {
                        NamespaceIdentity.WriteDescriptors(data, described.Uuid);
                    }
                    else
                    {
                        status = NvmeStatus.InvalidNamespace;
                    }

                    break;
                case IdentifyCns.IoCommandSetController:
                    break; // all zeros: no extra limits (spec §9.2)
                default:
                    status = NvmeStatus.InvalidField;
                    break;
            }

            await SendResponseAsync(sqe.CommandId, status, status.IsSuccess ? [new ArraySegment<byte>(page, 0, IdentifyCns.DataSize)] : []).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(page);
        }
    }

    /// <summary>What the controller reports (spec §9.1, §12): SGLS 0x00100001, ICDOFF 0, ANA reporting on I/O controllers.</summary>
    private ControllerIdentity BuildControllerIdentity(TargetController controller)
    {
        NvmeSubsystem? subsystem = controller.Subsystem;
        bool discovery = subsystem is null;
        return new ControllerIdentity
        {
            SerialNumber = subsystem?.SerialNumber ?? "DISCOVERY",
            ModelNumber = subsystem?.ModelNumber ?? "NvmeTcp discovery controller",
            FirmwareRevision = "1.0",
            Mdts = discovery ? (byte)0 : (byte)System.Numerics.BitOperations.Log2((uint)(Options.MaxDataTransferSize / 4096)),
            ControllerId = controller.ControllerId,
            Version = TargetController.Version,
            AsyncEventsSupported = discovery ? 0u : 1u << 8, // namespace attribute notices
            MultiPathCapabilities = discovery ? (byte)0 : (byte)0x0B, // multi-port, multi-controller, ANA
            ControllerType = discovery ? ControllerIdentity.DiscoveryControllerType : ControllerIdentity.IoControllerType,
            AsyncEventRequestLimit = 3,
            KeepAliveSupport = 10,
            AnaTransitionTime = discovery ? (byte)0 : (byte)10,
            AnaCapabilities = discovery ? (byte)0 : (byte)0x0F,
            AnaGroupMax = discovery ? 0u : MaxNamespaces,
            AnaGroupCount = discovery ? 0u : MaxNamespaces,
            MaxCommands = 1024,
            NamespaceCount = discovery ? 0u : MaxNamespaces,
            MaxAllowedNamespaces = discovery ? 0u : MaxNamespaces,
            OptionalNvmCommands = discovery ? (ushort)0 : (ushort)0x000C, // DSM, Write Zeroes
            VolatileWriteCache = discovery ? (byte)0 : (byte)1,
            SglSupport = 0x00100001,
            SubsystemNqn = subsystem?.Nqn ?? WellKnownNqn.Discovery,
            IoCommandCapsuleSize = discovery ? 0u : (uint)((Options.InCapsuleDataSize + SubmissionQueueEntry.Size) / 16),
            IoResponseCapsuleSize = 1,
            InCapsuleDataOffset = 0,
            MaxSglDescriptors = 1,
        };
    }

    /// <summary>NN and ANAGRPMAX: NSIDs this target accepts.</summary>
    private const uint MaxNamespaces = 1024;

    /// <summary>Get Log Page (spec §8): 0x70 discovery, 0x0C ANA, 0x04 changed namespaces, 0x02 SMART; others SCT 1/SC 0x09.</summary>
    private async Task GetLogPageAsync(TargetController controller, SubmissionQueueEntry sqe)
    {
        byte logId = (byte)sqe.Cdw10;
        long length = (((long)(sqe.Cdw11 & 0xFFFF) << 16 | (sqe.Cdw10 >> 16)) + 1) * 4;
        ulong offset = sqe.Cdw12 | ((ulong)sqe.Cdw13 << 32);
        if (!sqe.Sgl.IsTransport || sqe.Sgl.Length != length || (offset & 3) != 0 || length > Math.Max(Options.MaxDataTransferSize, 1 << 20))
        {
            await SendResponseAsync(sqe.CommandId, NvmeStatus.InvalidField).ConfigureAwait(false);
            return;
        }

        byte[]? log = logId switch
        {
            LogPageId.Discovery when controller.IsDiscovery => BuildDiscoveryLog(controller),
            LogPageId.AsymmetricNamespaceAccess when !controller.IsDiscovery => BuildAnaLog(controller),
            LogPageId.ChangedNamespaceList when !controller.IsDiscovery => BuildChangedNamespaceLog(controller),
            LogPageId.Smart when !controller.IsDiscovery => new byte[512],
            _ => null,
        };

        if (log is null)
        {
            await SendResponseAsync(sqe.CommandId, NvmeStatus.InvalidLogPage).ConfigureAwait(false);
            return;
        }

        byte[] data = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            Span<byte> span = data.AsSpan(0, (int)length);
            span.Clear();
            if (offset < (ulong)log.Length)
            {
                ReadOnlySpan<byte> available = log.AsSpan((int)offset);
                available[..Math.Min(available.Length, span.Length)].CopyTo(span);
            }

            await SendResponseAsync(sqe.CommandId, NvmeStatus.Success, [new ArraySegment<byte>(data, 0, (int)length)]).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(data);
        }
    }

    private byte[] BuildDiscoveryLog(TargetController controller)
    {
        IReadOnlyList<DiscoveryLogEntry> entries = Options.DiscoveryEntries?.Invoke(controller.HostNqn) ?? [];
        byte[] page = DiscoveryLogPage.Build(0, entries);
        // GENCTR must change when the log changes (spec §11): derive it from the entries' bytes.
        ulong generation = Fnv1a(page.AsSpan(DiscoveryLogPage.HeaderSize));
        BinaryPrimitives.WriteUInt64LittleEndian(page, generation);
        return page;
    }

    private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>One ANA group per namespace (ANAGRPID = NSID), state from this port's resolver.</summary>
    private byte[] BuildAnaLog(TargetController controller)
    {
        NvmeSubsystem subsystem = controller.Subsystem!;
        var groups = new List<AnaGroup>();
        foreach (uint nsid in subsystem.VisibleNamespaceIds(controller.HostNqn))
        {
            groups.Add(new AnaGroup(nsid, AnaStateOf(subsystem, nsid), [nsid]));
        }

        return AnaLogPage.Build(1, groups);
    }

    private AnaState AnaStateOf(NvmeSubsystem subsystem, uint nsid) =>
        Options.AnaStateResolver?.Invoke(subsystem.Nqn, nsid) ?? AnaState.Optimized;

    private static byte[] BuildChangedNamespaceLog(TargetController controller)
    {
        byte[] page = new byte[4096];
        List<uint> changed = controller.TakeChangedNamespaces();
        if (changed.Count > 1024)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(page, 0xFFFFFFFF); // more than fit: "rescan everything"
            return page;
        }

        for (int i = 0; i < changed.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(i * 4), changed[i]);
        }

        return page;
    }

    /// <summary>Set/Get Features (spec §8): Number of Queues, async event config, keep-alive timer.</summary>
    private async Task FeaturesAsync(TargetController controller, SubmissionQueueEntry sqe)
    {
        byte featureId = (byte)sqe.Cdw10;
        bool set = sqe.Opcode == AdminOpcode.SetFeatures;
        switch (featureId)
        {
            case FeatureId.NumberOfQueues when !controller.IsDiscovery:
                if (set)
                {
                    uint requestedSq = sqe.Cdw11 & 0xFFFF, requestedCq = sqe.Cdw11 >> 16;
                    if (requestedSq == 0xFFFF || requestedCq == 0xFFFF)
                    {
                        await SendResponseAsync(sqe.CommandId, NvmeStatus.InvalidField).ConfigureAwait(false);
                        return;
                    }

                    controller.GrantedIoQueues = Options.MaxIoQueues;
                }

                uint granted = (uint)Math.Max(controller.GrantedIoQueues, 1) - 1;
                await SendResponseAsync(sqe.CommandId, NvmeStatus.Success, granted | (granted << 16)).ConfigureAwait(false);
                return;
            case FeatureId.AsyncEventConfiguration:
            case FeatureId.KeepAliveTimer:
                await SendResponseAsync(sqe.CommandId, NvmeStatus.Success).ConfigureAwait(false);
                return;
            default:
                await SendResponseAsync(sqe.CommandId, NvmeStatus.InvalidField).ConfigureAwait(false);
                return;
        }
    }

    private static void ReturnData(ReceivedCapsule capsule)
    {
        if (capsule.Data is not null)
        {
            ArrayPool<byte>.Shared.Return(capsule.Data);
        }
    }
}
