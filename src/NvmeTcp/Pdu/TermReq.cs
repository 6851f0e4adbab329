using System.Buffers.Binary;

namespace NvmeTcp.Pdu;

/// <summary>H2CTermReq/C2HTermReq (spec §2.3): FES, FEI and a copy of the offending header; pdo stays 0.</summary>
internal static class TermReq
{
    public const int HeaderSize = 24;
    public const int MaxSize = HeaderSize + PduRules.TermReqMaxData;

    /// <summary>Writes the TermReq and returns its length.</summary>
    public static int Write(Span<byte> pdu, bool fromController, PduHeaderError error, ReadOnlySpan<byte> offendingHeader)
    {
        ReadOnlySpan<byte> copied = offendingHeader[..Math.Min(offendingHeader.Length, PduRules.TermReqMaxData)];
        int length = HeaderSize + copied.Length;
        pdu[..HeaderSize].Clear();
        new CommonHeader(fromController ? PduType.C2HTermReq : PduType.H2CTermReq, PduFlags.None, HeaderSize, 0, (uint)length).Write(pdu);
        BinaryPrimitives.WriteUInt16LittleEndian(pdu[8..], (ushort)error.Status);
        BinaryPrimitives.WriteUInt32LittleEndian(pdu[10..], error.Information);
        copied.CopyTo(pdu[HeaderSize..]);
        return length;
    }

    public static PduHeaderError Read(ReadOnlySpan<byte> pdu) => new(
        (FatalErrorStatus)BinaryPrimitives.ReadUInt16LittleEndian(pdu[8..]), BinaryPrimitives.ReadUInt32LittleEndian(pdu[10..]));
}
