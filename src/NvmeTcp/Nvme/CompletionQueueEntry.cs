using System.Buffers.Binary;

namespace NvmeTcp.Nvme;

/// <summary>The 16-byte completion queue entry (spec §5).</summary>
internal readonly record struct CompletionQueueEntry(uint Dw0, uint Dw1, ushort SqHead, ushort SqId, ushort CommandId, ushort Status)
{
    public const int Size = 16;

    public NvmeStatus NvmeStatus => NvmeStatus.FromStatusField(Status);
    public bool IsSuccess => (Status & 0xFFFE) == 0;

    public static CompletionQueueEntry Read(ReadOnlySpan<byte> s) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(s),
        BinaryPrimitives.ReadUInt32LittleEndian(s[4..]),
        BinaryPrimitives.ReadUInt16LittleEndian(s[8..]),
        BinaryPrimitives.ReadUInt16LittleEndian(s[10..]),
        BinaryPrimitives.ReadUInt16LittleEndian(s[12..]),
        BinaryPrimitives.ReadUInt16LittleEndian(s[14..]));

    public void Write(Span<byte> s)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(s, Dw0);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], Dw1);
        BinaryPrimitives.WriteUInt16LittleEndian(s[8..], SqHead);
        BinaryPrimitives.WriteUInt16LittleEndian(s[10..], SqId);
        BinaryPrimitives.WriteUInt16LittleEndian(s[12..], CommandId);
        BinaryPrimitives.WriteUInt16LittleEndian(s[14..], Status);
    }
}
