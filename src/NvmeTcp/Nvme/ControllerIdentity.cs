using System.Buffers.Binary;

namespace NvmeTcp.Nvme;

/// <summary>The Identify Controller fields this library uses (spec §9.1 offsets).</summary>
internal sealed record ControllerIdentity
{
    public ushort VendorId { get; init; }
    public string SerialNumber { get; init; } = "";
    public string ModelNumber { get; init; } = "";
    public string FirmwareRevision { get; init; } = "";
    /// <summary>Max transfer = 2^MDTS × 4 KiB (CAP.MPSMIN 0); 0 = unlimited (spec §6).</summary>
    public byte Mdts { get; init; }
    public ushort ControllerId { get; init; }
    public uint Version { get; init; }
    public uint AsyncEventsSupported { get; init; }
    public uint Attributes { get; init; }
    /// <summary>CMIC (byte 76): bit 3 = ANA reporting.</summary>
    public byte MultiPathCapabilities { get; init; }
    /// <summary>1 = I/O controller, 2 = discovery controller.</summary>
    public byte ControllerType { get; init; }
    public byte AsyncEventRequestLimit { get; init; }
    public byte LogPageAttributes { get; init; }
    public ushort KeepAliveSupport { get; init; }
    public byte AnaTransitionTime { get; init; }
    public byte AnaCapabilities { get; init; }
    public uint AnaGroupMax { get; init; }
    public uint AnaGroupCount { get; init; }
    public ushort MaxCommands { get; init; }
    public uint NamespaceCount { get; init; }
    public ushort OptionalNvmCommands { get; init; }
    /// <summary>MNAN (bytes 543:540). Linux refuses an ANA-reporting controller whose MNAN is 0 or above NN ("Invalid MNAN value").</summary>
    public uint MaxAllowedNamespaces { get; init; }
    public byte VolatileWriteCache { get; init; }
    public uint SglSupport { get; init; }
    public string SubsystemNqn { get; init; } = "";
    /// <summary>I/O command capsule size in 16-byte units: in-capsule limit = IOCCSZ·16 − 64 (spec §6).</summary>
    public uint IoCommandCapsuleSize { get; init; }
    public uint IoResponseCapsuleSize { get; init; }
    public ushort InCapsuleDataOffset { get; init; }
    public byte MaxSglDescriptors { get; init; }

    public const byte IoControllerType = 1, DiscoveryControllerType = 2;

    public bool ReportsAna => (MultiPathCapabilities & 0x08) != 0;

    public int InCapsuleDataLimit => (int)Math.Max(0, IoCommandCapsuleSize * 16L - SubmissionQueueEntry.Size);

    /// <summary>Bytes per command allowed by MDTS, or <see cref="int.MaxValue"/> when unlimited.</summary>
    public int MaxTransferBytes => Mdts == 0 ? int.MaxValue : (int)Math.Min(int.MaxValue, 4096L << Mdts);

    public void Write(Span<byte> d)
    {
        d[..IdentifyCns.DataSize].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(d, VendorId);
        AsciiField.WritePadded(d.Slice(4, 20), SerialNumber, (byte)' ');
        AsciiField.WritePadded(d.Slice(24, 40), ModelNumber, (byte)' ');
        AsciiField.WritePadded(d.Slice(64, 8), FirmwareRevision, (byte)' ');
        d[76] = MultiPathCapabilities;
        d[77] = Mdts;
        BinaryPrimitives.WriteUInt16LittleEndian(d[78..], ControllerId);
        BinaryPrimitives.WriteUInt32LittleEndian(d[80..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(d[92..], AsyncEventsSupported);
        BinaryPrimitives.WriteUInt32LittleEndian(d[96..], Attributes);
        d[111] = ControllerType;
        d[259] = AsyncEventRequestLimit;
        d[261] = LogPageAttributes;
        BinaryPrimitives.WriteUInt16LittleEndian(d[320..], KeepAliveSupport);
        d[342] = AnaTransitionTime;
        d[343] = AnaCapabilities;
        BinaryPrimitives.WriteUInt32LittleEndian(d[344..], AnaGroupMax);
        BinaryPrimitives.WriteUInt32LittleEndian(d[348..], AnaGroupCount);
        d[512] = 0x66;
        d[513] = 0x44;
        BinaryPrimitives.WriteUInt16LittleEndian(d[514..], MaxCommands);
        BinaryPrimitives.WriteUInt32LittleEndian(d[516..], NamespaceCount);
        BinaryPrimitives.WriteUInt16LittleEndian(d[520..], OptionalNvmCommands);
        d[525] = VolatileWriteCache;
        BinaryPrimitives.WriteUInt32LittleEndian(d[536..], SglSupport);
        BinaryPrimitives.WriteUInt32LittleEndian(d[540..], MaxAllowedNamespaces);
        AsciiField.WriteNqn(d.Slice(768), SubsystemNqn);
        BinaryPrimitives.WriteUInt32LittleEndian(d[1792..], IoCommandCapsuleSize);
        BinaryPrimitives.WriteUInt32LittleEndian(d[1796..], IoResponseCapsuleSize);
        BinaryPrimitives.WriteUInt16LittleEndian(d[1800..], InCapsuleDataOffset);
        d[1803] = MaxSglDescriptors;
    }

    public static ControllerIdentity Read(ReadOnlySpan<byte> d) => new()
    {
        VendorId = BinaryPrimitives.ReadUInt16LittleEndian(d),
        SerialNumber = AsciiField.Read(d.Slice(4, 20)),
        ModelNumber = AsciiField.Read(d.Slice(24, 40)),
        FirmwareRevision = AsciiField.Read(d.Slice(64, 8)),
        MultiPathCapabilities = d[76],
        Mdts = d[77],
        ControllerId = BinaryPrimitives.ReadUInt16LittleEndian(d[78..]),
        Version = BinaryPrimitives.ReadUInt32LittleEndian(d[80..]),
        AsyncEventsSupported = BinaryPrimitives.ReadUInt32LittleEndian(d[92..]),
        Attributes = BinaryPrimitives.ReadUInt32LittleEndian(d[96..]),
        ControllerType = d[111],
        AsyncEventRequestLimit = d[259],
        LogPageAttributes = d[261],
        KeepAliveSupport = BinaryPrimitives.ReadUInt16LittleEndian(d[320..]),
        AnaTransitionTime = d[342],
        AnaCapabilities = d[343],
        AnaGroupMax = BinaryPrimitives.ReadUInt32LittleEndian(d[344..]),
        AnaGroupCount = BinaryPrimitives.ReadUInt32LittleEndian(d[348..]),
        MaxCommands = BinaryPrimitives.ReadUInt16LittleEndian(d[514..]),
        NamespaceCount = BinaryPrimitives.ReadUInt32LittleEndian(d[516..]),
        OptionalNvmCommands = BinaryPrimitives.ReadUInt16LittleEndian(d[520..]),
        VolatileWriteCache = d[525],
        SglSupport = BinaryPrimitives.ReadUInt32LittleEndian(d[536..]),
        MaxAllowedNamespaces = BinaryPrimitives.ReadUInt32LittleEndian(d[540..]),
        SubsystemNqn = AsciiField.Read(d.Slice(768, 256)),
        IoCommandCapsuleSize = BinaryPrimitives.ReadUInt32LittleEndian(d[1792..]),
        IoResponseCapsuleSize = BinaryPrimitives.ReadUInt32LittleEndian(d[1796..]),
        InCapsuleDataOffset = BinaryPrimitives.ReadUInt16LittleEndian(d[1800..]),
        MaxSglDescriptors = d[1803],
    };
}
