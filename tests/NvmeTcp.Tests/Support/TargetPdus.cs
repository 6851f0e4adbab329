using NvmeTcp.Nvme;
using NvmeTcp.Pdu;

namespace NvmeTcp.Tests.Support;

/// <summary>Controller-to-host PDUs a test target sends on its own (no digests), built with the library's encoder.</summary>
internal static class TargetPdus
{
    public static byte[] R2T(ushort commandId, uint offset, uint length, ushort transferTag = 1)
    {
        byte[] pdu = new byte[DataPduHeader.Size];
        PduEncoder.WriteR2T(pdu, new DataPduHeader(commandId, transferTag, offset, length), headerDigest: false);
        return pdu;
    }

    /// <summary>C2HData carrying <paramref name="length"/> bytes of 0xAB at DATAO <paramref name="offset"/>.</summary>
    public static byte[] C2HData(ushort commandId, uint offset, int length, bool last = true)
    {
        byte[] pdu = new byte[DataPduHeader.Size + length];
        PduEncoder.WriteDataHeader(pdu, PduType.C2HData, new DataPduHeader(commandId, 0, offset, (uint)length), last, success: false, false, false);
        pdu.AsSpan(DataPduHeader.Size).Fill(0xAB);
        return pdu;
    }

    public static byte[] CapsuleResp(ushort commandId, ushort status = 0)
    {
        byte[] pdu = new byte[24];
        PduEncoder.WriteCapsuleResponse(pdu, new CompletionQueueEntry(0, 0, 0, 1, commandId, status), headerDigest: false);
        return pdu;
    }
}
