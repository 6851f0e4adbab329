using System.Buffers.Binary;
using System.IO.Hashing;
using NvmeTcp.Nvme;

namespace NvmeTcp.Target;

/// <summary>What a controller reports about itself: its Identify Controller data and its log pages.</summary>
internal static class ControllerPages
{
    /// <summary>What the controller reports (spec §9.1, §12): SGLS 0x00100001, ICDOFF 0, ANA reporting on I/O controllers.</summary>
    public static ControllerIdentity Identity(TargetController controller)
    {
        NvmeSubsystem? subsystem = controller.Subsystem;
        bool discovery = subsystem is null;
        uint maxNamespaces = subsystem?.MaxNamespaces ?? 0; // NN = MNAN = ANAGRPMAX = NANAGRPID: one ANA group per NSID
        return new ControllerIdentity
        {
            SerialNumber = subsystem?.SerialNumber ?? "DISCOVERY",
            ModelNumber = subsystem?.ModelNumber ?? "NvmeTcp discovery controller",
            FirmwareRevision = "1.0",
            Mdts = discovery ? (byte)0 : (byte)System.Numerics.BitOperations.Log2((uint)(controller.Target.Options.MaxDataTransferSize / 4096)),
            ControllerId = controller.ControllerId,
            Version = TargetController.Version,
            AsyncEventsSupported = discovery ? 0u : AsyncEvent.NamespaceAttributeNotices,
            MultiPathCapabilities = discovery ? (byte)0 : (byte)0x0B, // multi-port, multi-controller, ANA
            ControllerType = discovery ? ControllerIdentity.DiscoveryControllerType : ControllerIdentity.IoControllerType,
            AsyncEventRequestLimit = 3,
            KeepAliveSupport = 10,
            AnaTransitionTime = discovery ? (byte)0 : (byte)10,
            AnaCapabilities = discovery ? (byte)0 : (byte)0x0F,
            AnaGroupMax = maxNamespaces,
            AnaGroupCount = maxNamespaces,
            MaxCommands = 1024,
            NamespaceCount = maxNamespaces,
            MaxAllowedNamespaces = maxNamespaces,
            OptionalNvmCommands = discovery ? (ushort)0 : (ushort)0x000C, // DSM, Write Zeroes
            VolatileWriteCache = discovery ? (byte)0 : (byte)1,
            SglSupport = 0x00100001,
            SubsystemNqn = subsystem?.Nqn ?? WellKnownNqn.Discovery,
            IoCommandCapsuleSize = discovery ? 0u : (uint)((controller.Target.Options.InCapsuleDataSize + SubmissionQueueEntry.Size) / 16),
            IoResponseCapsuleSize = 1,
            InCapsuleDataOffset = 0,
            MaxSglDescriptors = 1,
        };
    }

    /// <summary>The whole log page <paramref name="logId"/> (spec §8): 0x70 discovery, 0x0C ANA, 0x04 changed namespaces, 0x02 SMART; null for any other.</summary>
    public static byte[]? LogPage(TargetController controller, byte logId) => logId switch
    {
        LogPageId.Discovery when controller.IsDiscovery => DiscoveryLog(controller),
        LogPageId.AsymmetricNamespaceAccess when !controller.IsDiscovery => AnaLog(controller),
        LogPageId.ChangedNamespaceList when !controller.IsDiscovery => ChangedNamespaceLog(controller),
        LogPageId.Smart when !controller.IsDiscovery => new byte[512],
        _ => null,
    };

    private static byte[] DiscoveryLog(TargetController controller)
    {
        IReadOnlyList<DiscoveryLogEntry> entries = controller.Target.Options.DiscoveryEntries?.Invoke(controller.HostNqn) ?? [];
        byte[] page = DiscoveryLogPage.Build(0, entries);
        // GENCTR must change when the log changes (spec §11), and a host rereads while it does: a stable
        // hash of the entries changes with them and stays put while they do.
        BinaryPrimitives.WriteUInt64LittleEndian(page, XxHash3.HashToUInt64(page.AsSpan(DiscoveryLogPage.HeaderSize)));
        return page;
    }

    /// <summary>
    /// One ANA group per namespace (ANAGRPID = NSID, so ≤ ANAGRPMAX = NN), state from this port's resolver. A
    /// namespace keeps its group when its optimized path moves (a new primary): Linux learns the move from the
    /// group's new state and never has to follow a namespace into another group.
    /// </summary>
    private static byte[] AnaLog(TargetController controller)
    {
        NvmeSubsystem subsystem = controller.Subsystem!;
        var groups = new List<AnaGroup>();
        foreach (uint nsid in subsystem.VisibleNamespaceIds(controller.HostNqn))
        {
            groups.Add(new AnaGroup(nsid, controller.AnaStateOf(nsid), [nsid]));
        }

        return AnaLogPage.Build(1, groups);
    }

    /// <summary>Reading it clears it: the NSIDs changed since the last read, or the overflow marker ("rescan everything").</summary>
    private static byte[] ChangedNamespaceLog(TargetController controller) => ChangedNamespaceList.Build(controller.TakeChangedNamespaces());
}
