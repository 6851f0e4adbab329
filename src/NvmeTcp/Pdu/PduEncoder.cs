using NvmeTcp.Nvme;

namespace NvmeTcp.Pdu;

/// <summary>
/// Writes the header part of capsule and data PDUs (header, header digest, padding up to pdo) into a
/// caller-provided span; the data and its digest are sent after it without being copied.
/// </summary>
internal static class PduEncoder
{
    /// <summary>Large enough for any header this library writes, plus digest and a trailing CapsuleResp.</summary>
    public const int MaxHeaderBytes = 128;

    /// <summary>CapsuleCmd (spec §2.3): SQE, optional in-capsule data of <paramref name="dataLength"/> bytes.</summary>
    public static int WriteCapsuleCommand(Span<byte> destination, in SubmissionQueueEntry sqe, int dataLength, bool headerDigest, bool dataDigest)
    {
        const int hlen = 72;
        int headerBytes = hlen + (headerDigest ? Crc32C.Size : 0);
        bool hasData = dataLength > 0;
        // Linux puts in-capsule data right after the header digest (pdo = 72 + hdgst), spec §2.3.
        int pdo = hasData ? headerBytes : 0;
        uint plen = (uint)(headerBytes + dataLength + (hasData && dataDigest ? Crc32C.Size : 0));
        PduFlags flags = Flags(headerDigest, hasData && dataDigest);
        new CommonHeader(PduType.CapsuleCmd, flags, hlen, (byte)pdo, plen).Write(destination);
        sqe.Write(destination.Slice(CommonHeader.Size, SubmissionQueueEntry.Size));
        return AppendHeaderDigest(destination, hlen, headerDigest);
    }

    /// <summary>CapsuleResp (spec §2.3): the CQE, never data.</summary>
    public static int WriteCapsuleResponse(Span<byte> destination, in CompletionQueueEntry cqe, bool headerDigest)
    {
        const int hlen = 24;
        new CommonHeader(PduType.CapsuleResp, Flags(headerDigest, false), hlen, 0, (uint)(hlen + (headerDigest ? Crc32C.Size : 0))).Write(destination);
        cqe.Write(destination.Slice(CommonHeader.Size, CompletionQueueEntry.Size));
        return AppendHeaderDigest(destination, hlen, headerDigest);
    }

    /// <summary>H2CData/C2HData header; data of header.Length bytes follows at pdo.</summary>
    public static int WriteDataHeader(Span<byte> destination, PduType type, in DataPduHeader header, bool last, bool success, bool headerDigest, bool dataDigest)
    {
        const int hlen = DataPduHeader.Size;
        int pdo = hlen + (headerDigest ? Crc32C.Size : 0);
        uint plen = (uint)(pdo + header.Length + (dataDigest ? Crc32C.Size : 0));
        PduFlags flags = Flags(headerDigest, dataDigest)
            | (last ? PduFlags.LastPdu : PduFlags.None)
            | (success ? PduFlags.Success : PduFlags.None);
        new CommonHeader(type, flags, hlen, (byte)pdo, plen).Write(destination);
        header.Write(destination);
        return AppendHeaderDigest(destination, hlen, headerDigest);
    }

    /// <summary>R2T (spec §2.3): no data.</summary>
    public static int WriteR2T(Span<byte> destination, in DataPduHeader header, bool headerDigest)
    {
        const int hlen = DataPduHeader.Size;
        new CommonHeader(PduType.R2T, Flags(headerDigest, false), hlen, 0, (uint)(hlen + (headerDigest ? Crc32C.Size : 0))).Write(destination);
        header.Write(destination);
        return AppendHeaderDigest(destination, hlen, headerDigest);
    }

    private static PduFlags Flags(bool headerDigest, bool dataDigest) =>
        (headerDigest ? PduFlags.HeaderDigest : PduFlags.None) | (dataDigest ? PduFlags.DataDigest : PduFlags.None);

    private static int AppendHeaderDigest(Span<byte> destination, int hlen, bool headerDigest)
    {
        if (!headerDigest)
        {
            return hlen;
        }

        Crc32C.Write(destination[..hlen], destination[hlen..]);
        return hlen + Crc32C.Size;
    }
}
