using System.Buffers.Binary;

namespace NvmeTcp.Nvme;

/// <summary>One 16-byte SGL descriptor at SQE offset 24 (spec §4.2).</summary>
internal readonly record struct SglDescriptor(ulong Address, uint Length, byte Identifier)
{
    public const int Size = 16;

    /// <summary>Data Block, subtype Offset: data is in the capsule at this offset (ICDOFF is 0).</summary>
    public const byte InCapsuleIdentifier = 0x01;

    /// <summary>Transport SGL Data Block: data moves by C2HData or R2T + H2CData.</summary>
    public const byte TransportIdentifier = 0x5A;

    public static SglDescriptor InCapsule(int length) => new(0, (uint)length, InCapsuleIdentifier);

    public static SglDescriptor Transport(int length) => new(0, (uint)length, TransportIdentifier);

    public bool IsInCapsule => Identifier == InCapsuleIdentifier;
    public bool IsTransport => Identifier == TransportIdentifier;

    public static SglDescriptor Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(source), BinaryPrimitives.ReadUInt32LittleEndian(source[8..]), source[15]);

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, Address);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Length);
        destination[12] = 0;
        destination[13] = 0;
        destination[14] = 0;
        destination[15] = Identifier;
    }
}
