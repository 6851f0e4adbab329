using System.Buffers.Binary;

namespace NvmeTcp.Nvme;

/// <summary>One entry of the discovery log page (spec §11): where a subsystem can be reached.</summary>
public sealed record DiscoveryLogEntry(string TransportAddress, string TransportServiceId, string SubsystemNqn)
{
    public const byte TcpTransport = 3;
    public const byte NvmSubsystemType = 2, CurrentDiscoverySubsystemType = 3;
    public const byte IPv4 = 1, IPv6 = 2;

    public byte TransportType { get; init; } = TcpTransport;
    public byte AddressFamily { get; init; } = IPv4;
    public byte SubsystemType { get; init; } = NvmSubsystemType;
    /// <summary>Bit 2: SQ flow control disable supported (Linux reports 0x04).</summary>
    public byte TransportRequirements { get; init; } = 0x04;
    public ushort PortId { get; init; }
    public ushort ControllerId { get; init; } = ConnectData.DynamicControllerId;
    public ushort AdminMaxQueueSize { get; init; } = 32;
    public byte SecurityType { get; init; }

    internal const int Size = 1024;

    internal void Write(Span<byte> d)
    {
        d[..Size].Clear();
        d[0] = TransportType;
        d[1] = AddressFamily;
        d[2] = SubsystemType;
        d[3] = TransportRequirements;
        BinaryPrimitives.WriteUInt16LittleEndian(d[4..], PortId);
        BinaryPrimitives.WriteUInt16LittleEndian(d[6..], ControllerId);
        BinaryPrimitives.WriteUInt16LittleEndian(d[8..], AdminMaxQueueSize);
        AsciiField.WritePadded(d.Slice(32, 32), TransportServiceId, 0);
        AsciiField.WriteNqn(d.Slice(256), SubsystemNqn);
        AsciiField.WritePadded(d.Slice(512, 256), TransportAddress, 0);
        d[768] = SecurityType;
    }

    internal static DiscoveryLogEntry Read(ReadOnlySpan<byte> d) => new(
        AsciiField.Read(d.Slice(512, 256)), AsciiField.Read(d.Slice(32, 32)), AsciiField.Read(d.Slice(256, 256)))
    {
        TransportType = d[0],
        AddressFamily = d[1],
        SubsystemType = d[2],
        TransportRequirements = d[3],
        PortId = BinaryPrimitives.ReadUInt16LittleEndian(d[4..]),
        ControllerId = BinaryPrimitives.ReadUInt16LittleEndian(d[6..]),
        AdminMaxQueueSize = BinaryPrimitives.ReadUInt16LittleEndian(d[8..]),
        SecurityType = d[768],
    };
}
