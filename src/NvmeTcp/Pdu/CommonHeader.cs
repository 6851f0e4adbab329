using System.Buffers.Binary;

namespace NvmeTcp.Pdu;

/// <summary>The 8-byte common header that starts every PDU (spec §2.1).</summary>
internal readonly record struct CommonHeader(PduType Type, PduFlags Flags, byte HeaderLength, byte DataOffset, uint PduLength)
{
    public const int Size = 8;

    public bool HasHeaderDigest => (Flags & PduFlags.HeaderDigest) != 0;
    public bool HasDataDigest => (Flags & PduFlags.DataDigest) != 0;
    public bool IsLast => (Flags & PduFlags.LastPdu) != 0;

    /// <summary>Header bytes on the wire including the header digest.</summary>
    public int HeaderWithDigestLength => HeaderLength + (HasHeaderDigest ? Crc32C.Size : 0);

    /// <summary>Data bytes carried, excluding padding and data digest (spec §2.1: plen = pdo + datalen + ddgst).</summary>
    public int DataLength => DataOffset == 0 ? 0 : (int)PduLength - DataOffset - (HasDataDigest ? Crc32C.Size : 0);

    public static CommonHeader Read(ReadOnlySpan<byte> source) => new(
        (PduType)source[0], (PduFlags)source[1], source[2], source[3], BinaryPrimitives.ReadUInt32LittleEndian(source[4..]));

    public void Write(Span<byte> destination)
    {
        destination[0] = (byte)Type;
        destination[1] = (byte)Flags;
        destination[2] = HeaderLength;
        destination[3] = DataOffset;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], PduLength);
    }
}
