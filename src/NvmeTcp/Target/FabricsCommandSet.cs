using NvmeTcp.Nvme;

namespace NvmeTcp.Target;

/// <summary>Fabrics commands (spec §7): Connect, which binds a connection to a controller, and Property Get/Set.</summary>
internal sealed class FabricsCommandSet(TargetConnection connection)
{
    public async Task ExecuteAsync(ReceivedCapsule capsule)
    {
        SubmissionQueueEntry sqe = capsule.Sqe;
        TargetController? controller = connection.Controller;
        switch (sqe.FabricsCommandType)
        {
            case FabricsCommandType.Connect:
                await ConnectAsync(capsule);
                return;
            case FabricsCommandType.PropertyGet when controller is not null && connection.QueueId == 0:
                (NvmeStatus status, ulong value) = PropertyGet(controller, sqe.Cdw11, (sqe.Cdw10 & 7) == 1);
                await connection.SendResponseAsync(sqe.CommandId, status, (uint)value, (uint)(value >> 32));
                return;
            case FabricsCommandType.PropertySet when controller is not null && connection.QueueId == 0:
                NvmeStatus setStatus = NvmeStatus.InvalidField;
                if (sqe.Cdw11 == ControllerProperty.Configuration)
                {
                    controller.SetConfiguration(sqe.Cdw12);
                    setStatus = NvmeStatus.Success;
                }

                await connection.SendResponseAsync(sqe.CommandId, setStatus);
                return;
            default:
                await connection.SendResponseAsync(sqe.CommandId, controller is null ? NvmeStatus.CommandSequenceError : NvmeStatus.InvalidOpcode);
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
        if (connection.Controller is not null)
        {
            await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.CommandSequenceError);
            return;
        }

        if (capsule.DataLength != ConnectData.Size || !sqe.Sgl.IsInCapsule || sqe.Sgl.Length != ConnectData.Size)
        {
            await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.DataSglLengthInvalid);
            return;
        }

        if ((ushort)sqe.Cdw10 != 0)
        {
            await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.ConnectIncompatibleFormat);
            return;
        }

        ConnectData data = ConnectData.Read(capsule.InCapsuleData.Span);
        bool discovery = data.SubsystemNqn == WellKnownNqn.Discovery;
        NvmeSubsystem? subsystem = discovery ? null : connection.Target.FindSubsystem(data.SubsystemNqn);
        if (!discovery && subsystem is null)
        {
            await RejectConnectAsync(sqe.CommandId, ConnectData.SubsystemNqnOffset, inData: true);
            return;
        }

        if (subsystem is not null && !subsystem.AccessPolicy.IsHostAllowed(data.HostNqn))
        {
            await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.ConnectInvalidHost);
            return;
        }

        if (sqSize == 0 || sqSize > (TargetController.Capabilities & 0xFFFF))
        {
            await RejectConnectAsync(sqe.CommandId, 44, inData: false);
            return;
        }

        TargetController? controller;
        if (queueId == 0)
        {
            if (data.ControllerId != ConnectData.DynamicControllerId)
            {
                await RejectConnectAsync(sqe.CommandId, ConnectData.ControllerIdOffset, inData: true);
                return;
            }

            controller = connection.Target.CreateController(subsystem, id => new TargetController(connection.Target, id, subsystem, data.HostNqn, data.HostId, sqe.Cdw12));
            if (controller is null)
            {
                await connection.SendResponseAsync(sqe.CommandId, new NvmeStatus(NvmeStatus.CommandSpecificType, 0x81));
                return;
            }
        }
        else
        {
            controller = connection.Target.FindController(subsystem, data.ControllerId);
            if (controller is null || controller.HostNqn != data.HostNqn || controller.IsDiscovery)
            {
                await RejectConnectAsync(sqe.CommandId, ConnectData.ControllerIdOffset, inData: true);
                return;
            }

            if (queueId > controller.GrantedIoQueues)
            {
                await RejectConnectAsync(sqe.CommandId, 42, inData: false);
                return;
            }

            if (!controller.IsReady)
            {
                await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.CommandSequenceError);
                return;
            }
        }

        if (!connection.TryBind(controller, queueId, sqSize))
        {
            // The same QID twice is a command sequence error (spec §1).
            await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.CommandSequenceError);
            return;
        }

        await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.Success, controller.ControllerId);
    }

    /// <summary>SCT 1 / SC 0x82 with DW0 = IPO | IATTR &lt;&lt; 16 (spec §7.1).</summary>
    private ValueTask RejectConnectAsync(ushort commandId, ushort offset, bool inData) =>
        connection.SendResponseAsync(commandId, NvmeStatus.ConnectInvalidParameters, offset | (inData ? 1u << 16 : 0));
}
