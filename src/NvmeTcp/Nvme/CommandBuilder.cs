namespace NvmeTcp.Nvme;

/// <summary>Builds the SQEs the host sends; CID and SGL are filled in by the queue.</summary>
internal static class CommandBuilder
{
    /// <summary>Fabrics Connect (spec §7.1): RECFMT 0, QID, SQSIZE (0's based), KATO in ms.</summary>
    public static SubmissionQueueEntry Connect(ushort queueId, ushort sqSizeZeroBased, uint keepAliveMs) => new()
    {
        Opcode = AdminOpcode.Fabrics,
        NamespaceId = FabricsCommandType.Connect,
        Cdw10 = (uint)queueId << 16,
        Cdw11 = sqSizeZeroBased,
        Cdw12 = keepAliveMs,
    };

    /// <summary>Property Get (spec §7.2): ATTRIB 1 reads 8 bytes (CAP), 0 reads 4.</summary>
    public static SubmissionQueueEntry PropertyGet(uint offset, bool eightBytes) => new()
    {
        Opcode = AdminOpcode.Fabrics,
        NamespaceId = FabricsCommandType.PropertyGet,
        Cdw10 = eightBytes ? 1u : 0u,
        Cdw11 = offset,
    };

    public static SubmissionQueueEntry PropertySet(uint offset, uint value) => new()
    {
        Opcode = AdminOpcode.Fabrics,
        NamespaceId = FabricsCommandType.PropertySet,
        Cdw11 = offset,
        Cdw12 = value,
    };

    public static SubmissionQueueEntry Identify(byte cns, uint nsid) => new()
    {
        Opcode = AdminOpcode.Identify,
        NamespaceId = nsid,
        Cdw10 = cns,
    };

    /// <summary>Get Log Page (spec §8): NUMD is dwords − 1 split into NUMDL/NUMDU, LPOL/LPOU the byte offset.</summary>
    public static SubmissionQueueEntry GetLogPage(byte logId, uint nsid, ulong offset, int length)
    {
        uint numd = (uint)(length / 4) - 1;
        return new SubmissionQueueEntry
        {
            Opcode = AdminOpcode.GetLogPage,
            NamespaceId = nsid,
            Cdw10 = logId | ((numd & 0xFFFF) << 16),
            Cdw11 = numd >> 16,
            Cdw12 = (uint)offset,
            Cdw13 = (uint)(offset >> 32),
        };
    }

    public static SubmissionQueueEntry SetFeatures(byte featureId, uint value) => new()
    {
        Opcode = AdminOpcode.SetFeatures,
        Cdw10 = featureId,
        Cdw11 = value,
    };

    /// <summary>Asynchronous Event Request (spec §8): no data, no fields.</summary>
    public static SubmissionQueueEntry AsyncEventRequest() => new() { Opcode = AdminOpcode.AsyncEventRequest };

    public static SubmissionQueueEntry KeepAlive() => new() { Opcode = AdminOpcode.KeepAlive };

    /// <summary>Read/Write/Write Zeroes (spec §10): SLBA in CDW10-11, NLB 0's based in CDW12 15:0.</summary>
    public static SubmissionQueueEntry ReadWrite(byte opcode, uint nsid, ulong lba, int blocks, uint cdw12Flags = 0)
    {
        var sqe = new SubmissionQueueEntry { Opcode = opcode, NamespaceId = nsid, Cdw12 = (uint)(blocks - 1) | cdw12Flags };
        sqe.StartingLba = lba;
        return sqe;
    }

    public static SubmissionQueueEntry Flush(uint nsid) => new() { Opcode = IoOpcode.Flush, NamespaceId = nsid };

    /// <summary>Dataset Management with AD (deallocate) set; NR is ranges − 1 (spec §10).</summary>
    public static SubmissionQueueEntry Deallocate(uint nsid, int ranges) => new()
    {
        Opcode = IoOpcode.DatasetManagement,
        NamespaceId = nsid,
        Cdw10 = (uint)(ranges - 1),
        Cdw11 = 1u << 2,
    };
}
