using System.Buffers.Binary;

namespace NvmeTcp.Pdu;

/// <summary>ICReq (spec §2.3): the host's connection parameters. Always 128 bytes, never digested.</summary>
internal readonly record struct ICReq(ushort PduFormatVersion, byte HostPduDataAlignment, bool HeaderDigest, bool DataDigest, uint MaxR2T)
{
    public const int Size = 128;

    /// <summary>Offsets of ICReq fields, reported as FEI when a controller rejects them.</summary>
    public const uint PfvOffset = 8, HpdaOffset = 10;

    public static ICReq Read(ReadOnlySpan<byte> pdu) => new(
        BinaryPrimitives.ReadUInt16LittleEndian(pdu[8..]), pdu[10], (pdu[11] & 1) != 0, (pdu[11] & 2) != 0,
        BinaryPrimitives.ReadUInt32LittleEndian(pdu[12..]));

    public void Write(Span<byte> pdu)
    {
        pdu[..Size].Clear();
        new CommonHeader(PduType.ICReq, PduFlags.None, Size, 0, Size).Write(pdu);
        BinaryPrimitives.WriteUInt16LittleEndian(pdu[8..], PduFormatVersion);
        pdu[10] = HostPduDataAlignment;
        pdu[11] = DigestByte(HeaderDigest, DataDigest);
        BinaryPrimitives.WriteUInt32LittleEndian(pdu[12..], MaxR2T);
    }

    internal static byte DigestByte(bool header, bool data) => (byte)((header ? 1 : 0) | (data ? 2 : 0));
}

/// <summary>ICResp (spec §2.3): the digests the controller enabled and its H2CData size limit.</summary>
internal readonly record struct ICResp(ushort PduFormatVersion, byte ControllerPduDataAlignment, bool HeaderDigest, bool DataDigest, uint MaxH2CData)
{
    public const int Size = 128;

    /// <summary>Offsets of ICResp fields, reported as FEI when a host rejects them.</summary>
    public const uint PfvOffset = 8, CpdaOffset = 10, DigestOffset = 11, MaxH2CDataOffset = 12;

    public static ICResp Read(ReadOnlySpan<byte> pdu) => new(
        BinaryPrimitives.ReadUInt16LittleEndian(pdu[8..]), pdu[10], (pdu[11] & 1) != 0, (pdu[11] & 2) != 0,
        BinaryPrimitives.ReadUInt32LittleEndian(pdu[12..]));

    public void Write(Span<byte> pdu)
    {
        pdu[..Size].Clear();
        new CommonHeader(PduType.ICResp, PduFlags.None, Size, 0, Size).Write(pdu);
        BinaryPrimitives.WriteUInt16LittleEndian(pdu[8..], PduFormatVersion);
        pdu[10] = ControllerPduDataAlignment;
        pdu[11] = ICReq.DigestByte(HeaderDigest, DataDigest);
        BinaryPrimitives.WriteUInt32LittleEndian(pdu[12..], MaxH2CData);
    }
}
