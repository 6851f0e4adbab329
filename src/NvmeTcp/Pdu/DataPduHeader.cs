using System.Buffers.Binary;

namespace NvmeTcp.Pdu;

/// <summary>
/// PDU-specific header of H2CData, C2HData (CCCID, TTAG, DATAO, DATAL) and R2T (CCCID, TTAG, R2TO, R2TL),
/// which share one layout (spec §2.3).
/// </summary>
internal readonly record struct DataPduHeader(ushort CommandId, ushort TransferTag, uint Offset, uint Length)
{
    public const int Size = 24;
    public const uint CommandIdOffset = 8, TransferTagOffset = 10, DataOffsetFieldOffset = 12, DataLengthOffset = 16;

    public static DataPduHeader Read(ReadOnlySpan<byte> pdu) => new(
        BinaryPrimitives.ReadUInt16LittleEndian(pdu[8..]), BinaryPrimitives.ReadUInt16LittleEndian(pdu[10..]),
        BinaryPrimitives.ReadUInt32LittleEndian(pdu[12..]), BinaryPrimitives.ReadUInt32LittleEndian(pdu[16..]));

    /// <summary>Writes bytes 8..23 (the common header is written separately).</summary>
    public void Write(Span<byte> pdu)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(pdu[8..], CommandId);
        BinaryPrimitives.WriteUInt16LittleEndian(pdu[10..], TransferTag);
        BinaryPrimitives.WriteUInt32LittleEndian(pdu[12..], Offset);
        BinaryPrimitives.WriteUInt32LittleEndian(pdu[16..], Length);
        BinaryPrimitives.WriteUInt32LittleEndian(pdu[20..], 0);
    }
}
