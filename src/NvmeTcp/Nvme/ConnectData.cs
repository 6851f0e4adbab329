using System.Buffers.Binary;

namespace NvmeTcp.Nvme;

/// <summary>The 1024-byte in-capsule data of a Fabrics Connect (spec §7.1).</summary>
internal readonly record struct ConnectData(Guid HostId, ushort ControllerId, string SubsystemNqn, string HostNqn)
{
    public const int Size = 1024;
    public const ushort DynamicControllerId = 0xFFFF;

    /// <summary>Offsets reported in a Connect Invalid Parameters response (IPO, spec §7.1).</summary>
    public const ushort ControllerIdOffset = 16, SubsystemNqnOffset = 256, HostNqnOffset = 512;

    public static ConnectData Read(ReadOnlySpan<byte> data) => new(
        new Guid(data[..16], bigEndian: true),
        BinaryPrimitives.ReadUInt16LittleEndian(data[16..]),
        AsciiField.Read(data.Slice(SubsystemNqnOffset, AsciiField.NqnFieldSize)),
        AsciiField.Read(data.Slice(HostNqnOffset, AsciiField.NqnFieldSize)));

    public void Write(Span<byte> data)
    {
        data[..Size].Clear();
        // HOSTID is the UUID in RFC 4122 byte order, as the string reads (spec §7.1).
        HostId.TryWriteBytes(data, bigEndian: true, out _);
        BinaryPrimitives.WriteUInt16LittleEndian(data[16..], ControllerId);
        AsciiField.WriteNqn(data.Slice(SubsystemNqnOffset), SubsystemNqn);
        AsciiField.WriteNqn(data.Slice(HostNqnOffset), HostNqn);
    }
}
