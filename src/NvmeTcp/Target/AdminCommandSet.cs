using System.Buffers;
using System.Buffers.Binary;
using NvmeTcp.Nvme;

namespace NvmeTcp.Target;

/// <summary>
/// Admin commands (spec §8, §9, §12), run in order on the receive loop of the admin queue and of any
/// connection that has not yet connected; fabrics commands go to <see cref="FabricsCommandSet"/>.
/// </summary>
internal sealed class AdminCommandSet(TargetConnection connection)
{
    private readonly FabricsCommandSet _fabrics = new(connection);

    public async Task ExecuteAsync(ReceivedCapsule capsule)
    {
        SubmissionQueueEntry sqe = capsule.Sqe;
        try
        {
            if (capsule.DataDigestFailed)
            {
                // Data digest errors are not fatal: fail the command, never act on the data (spec §3).
                await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.TransientTransportError);
                return;
            }

            if (sqe.Opcode == AdminOpcode.Fabrics)
            {
                await _fabrics.ExecuteAsync(capsule);
                return;
            }

            TargetController? controller = connection.Controller;
            if (controller is null)
            {
                await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.CommandSequenceError);
                return;
            }

            if (!controller.IsReady)
            {
                // Linux: sequence error on I/O controllers, invalid opcode on discovery ones (spec §7.3 step 3).
                await connection.SendResponseAsync(sqe.CommandId, controller.IsDiscovery ? NvmeStatus.InvalidOpcode : NvmeStatus.CommandSequenceError);
                return;
            }

            if (!capsule.InCapsuleData.IsEmpty && sqe.Opcode != AdminOpcode.SetFeatures)
            {
                await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.InvalidField);
                return;
            }

            switch (sqe.Opcode)
            {
                case AdminOpcode.Identify:
                    await IdentifyAsync(controller, sqe);
                    break;
                case AdminOpcode.GetLogPage:
                    await GetLogPageAsync(controller, sqe);
                    break;
                case AdminOpcode.SetFeatures:
                case AdminOpcode.GetFeatures:
                    await FeaturesAsync(controller, sqe);
                    break;
                case AdminOpcode.AsyncEventRequest:
                    if (!controller.HoldAsyncEvent(connection, sqe.CommandId))
                    {
                        await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.AsyncEventLimitExceeded);
                    }

                    break;
                case AdminOpcode.KeepAlive:
                    await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.Success);
                    break;
                default:
                    await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.InvalidOpcode);
                    break;
            }
        }
        finally
        {
            capsule.ReturnData();
        }
    }

    private async Task IdentifyAsync(TargetController controller, SubmissionQueueEntry sqe)
    {
        byte cns = (byte)sqe.Cdw10;
        if (!sqe.Sgl.IsTransport || sqe.Sgl.Length != IdentifyCns.DataSize)
        {
            await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.DataSglLengthInvalid);
            return;
        }

        if (controller.IsDiscovery && cns != IdentifyCns.Controller)
        {
            await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.InvalidField);
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
                    ControllerPages.Identity(controller).Write(data);
                    break;
                case IdentifyCns.Namespace:
                    // An inactive or hidden NSID identifies as an all-zero page (spec §9.2).
                    if (subsystem!.TryGetVisibleNamespace(controller.HostNqn, sqe.NamespaceId, out INamespaceBackend? backend))
                    {
                        new NamespaceIdentity((ulong)backend.BlockCount, backend.BlockSize, sqe.NamespaceId, backend.Uuid).Write(data, sharedMultiPath: true);
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

            await connection.SendResponseAsync(sqe.CommandId, status, status.IsSuccess ? [new ArraySegment<byte>(page, 0, IdentifyCns.DataSize)] : []);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(page);
        }
    }

    /// <summary>Get Log Page (spec §8): 0x70 discovery, 0x0C ANA, 0x04 changed namespaces, 0x02 SMART; others SCT 1/SC 0x09.</summary>
    private async Task GetLogPageAsync(TargetController controller, SubmissionQueueEntry sqe)
    {
        byte logId = (byte)sqe.Cdw10;
        long length = (((long)(sqe.Cdw11 & 0xFFFF) << 16 | (sqe.Cdw10 >> 16)) + 1) * 4;
        ulong offset = sqe.Cdw12 | ((ulong)sqe.Cdw13 << 32);
        if (!sqe.Sgl.IsTransport || sqe.Sgl.Length != length || (offset & 3) != 0 || length > Math.Max(connection.Options.MaxDataTransferSize, 1 << 20))
        {
            await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.InvalidField);
            return;
        }

        byte[]? log = ControllerPages.LogPage(controller, logId);

        if (log is null)
        {
            await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.InvalidLogPage);
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

            await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.Success, [new ArraySegment<byte>(data, 0, (int)length)]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(data);
        }
    }

    /// <summary>Set/Get Features (spec §8): Number of Queues, async event config, keep-alive timer (KATO kept and reported).</summary>
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
                        await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.InvalidField);
                        return;
                    }

                    controller.GrantedIoQueues = connection.Options.MaxIoQueues;
                }

                uint granted = (uint)Math.Max(controller.GrantedIoQueues, 1) - 1;
                await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.Success, granted | (granted << 16));
                return;
            case FeatureId.KeepAliveTimer:
                if (set)
                {
                    controller.SetKeepAlive(sqe.Cdw11);
                }

                await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.Success, set ? 0 : controller.KeepAliveMilliseconds);
                return;
            case FeatureId.AsyncEventConfiguration:
                await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.Success);
                return;
            default:
                await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.InvalidField);
                return;
        }
    }
}
