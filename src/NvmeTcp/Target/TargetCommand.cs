using System.Buffers;
using NvmeTcp.Nvme;

namespace NvmeTcp.Target;

/// <summary>A write waiting for its data through R2T + H2CData (spec §6), received into <see cref="Buffers"/>.</summary>
internal sealed class PendingWrite
{
    public PendingWrite(ushort transferTag, IReadOnlyList<ArraySegment<byte>> buffers, int length)
    {
        TransferTag = transferTag;
        Buffers = buffers;
        Length = length;
    }

    public ushort TransferTag { get; }

    /// <summary>Where the transfer's bytes go, in order: one pooled buffer, or memory the backend lent.</summary>
    public IReadOnlyList<ArraySegment<byte>> Buffers { get; }

    public int Length { get; }
    public int Received { get; set; }
    public bool DataDigestFailed { get; set; }
    public TaskCompletionSource DataReady { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The parts of <see cref="Buffers"/> that hold transfer bytes [offset, offset + length).</summary>
    public List<ArraySegment<byte>> Range(int offset, int length)
    {
        List<ArraySegment<byte>> parts = [];
        foreach (ArraySegment<byte> buffer in Buffers)
        {
            if (length == 0)
            {
                break;
            }

            if (offset >= buffer.Count)
            {
                offset -= buffer.Count;
                continue;
            }

            int count = Math.Min(length, buffer.Count - offset);
            parts.Add(buffer.Slice(offset, count));
            offset = 0;
            length -= count;
        }

        return parts;
    }
}

/// <summary>A received capsule: the SQE and its in-capsule data (a rented buffer, returned after processing).</summary>
internal readonly record struct ReceivedCapsule(SubmissionQueueEntry Sqe, byte[]? Data, int DataLength, bool DataDigestFailed)
{
    public ReadOnlyMemory<byte> InCapsuleData => Data is null ? ReadOnlyMemory<byte>.Empty : Data.AsMemory(0, DataLength);

    /// <summary>Gives the in-capsule data buffer back to the pool once the command is done with it.</summary>
    public void ReturnData()
    {
        if (Data is not null)
        {
            ArrayPool<byte>.Shared.Return(Data);
        }
    }
}
