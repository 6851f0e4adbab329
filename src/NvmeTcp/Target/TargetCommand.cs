using NvmeTcp.Nvme;

namespace NvmeTcp.Target;

/// <summary>A write waiting for its data through R2T + H2CData (spec §6).</summary>
internal sealed class PendingWrite
{
    public PendingWrite(ushort transferTag, byte[] buffer, int length)
    {
        TransferTag = transferTag;
        Buffer = buffer;
        Length = length;
    }

    public ushort TransferTag { get; }
    public byte[] Buffer { get; }
    public int Length { get; }
    public int Received { get; set; }
    public bool DataDigestFailed { get; set; }
    public TaskCompletionSource DataReady { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A received capsule: the SQE and its in-capsule data (a rented buffer, returned after processing).</summary>
internal readonly record struct ReceivedCapsule(SubmissionQueueEntry Sqe, byte[]? Data, int DataLength, bool DataDigestFailed)
{
    public ReadOnlyMemory<byte> InCapsuleData => Data is null ? ReadOnlyMemory<byte>.Empty : Data.AsMemory(0, DataLength);
}
