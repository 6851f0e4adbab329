using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using NvmeTcp.Nvme;
using NvmeTcp.Transport;

namespace NvmeTcp.Target;

/// <summary>NVM I/O commands (spec §10): Read, Write (in-capsule and R2T), Flush, Write Zeroes, DSM; many run at once per queue.</summary>
internal sealed class IoCommandSet(TargetConnection connection)
{
    private const int DeallocateRangeSize = 16;
    private static readonly byte[] ZeroChunk = new byte[128 * 1024];

    public async Task ExecuteAsync(ReceivedCapsule capsule)
    {
        SubmissionQueueEntry sqe = capsule.Sqe;
        try
        {
            NvmeStatus status = await ExecuteIoAsync(capsule);
            if (status.StatusCodeType != byte.MaxValue)
            {
                await connection.SendResponseAsync(sqe.CommandId, status);
            }
        }
        catch (OperationCanceledException)
        {
            // The connection closed while the command waited for data: nothing was written.
        }
        catch (Exception ex) when (ex is PduProtocolException or IOException or SocketException)
        {
            connection.Close();
        }
        catch (NamespaceStatusException ex)
        {
            await connection.SendResponseAsync(sqe.CommandId, ex.Status);
        }
        catch (Exception)
        {
            // A backend failure fails this command only.
            await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.InternalError);
        }
        finally
        {
            capsule.ReturnData();
        }
    }

    /// <summary>Marks "the response was already sent" (reads send data and response together).</summary>
    private static readonly NvmeStatus AlreadyAnswered = new(byte.MaxValue, 0);

    private async Task<NvmeStatus> ExecuteIoAsync(ReceivedCapsule capsule)
    {
        SubmissionQueueEntry sqe = capsule.Sqe;
        TargetController controller = connection.Controller!;
        NvmeSubsystem subsystem = controller.Subsystem!;
        if (capsule.DataDigestFailed)
        {
            return NvmeStatus.TransientTransportError; // non-fatal (spec §3); the data is never used
        }

        if (sqe.Opcode is not (IoOpcode.Read or IoOpcode.Write or IoOpcode.Flush or IoOpcode.WriteZeroes or IoOpcode.DatasetManagement))
        {
            return NvmeStatus.InvalidOpcode;
        }

        if (!subsystem.TryGetVisibleNamespace(controller.HostNqn, sqe.NamespaceId, out INamespaceBackend? backend))
        {
            return NvmeStatus.InvalidNamespace;
        }

        if (controller.AnaStateOf(sqe.NamespaceId) is AnaState.Inaccessible or AnaState.PersistentLoss or AnaState.Change)
        {
            return NvmeStatus.AsymmetricAccessInaccessible;
        }

        bool carriesData = sqe.Opcode is IoOpcode.Write or IoOpcode.DatasetManagement;
        if (!capsule.InCapsuleData.IsEmpty && !carriesData)
        {
            return NvmeStatus.InvalidField; // in-capsule SGL on a command without host data (spec §4.2)
        }

        CancellationToken ct = connection.Closed;
        switch (sqe.Opcode)
        {
            case IoOpcode.Flush:
                await backend.FlushAsync(ct);
                return NvmeStatus.Success;
            case IoOpcode.DatasetManagement:
                return await DeallocateAsync(sqe, capsule, backend, ct);
        }

        long lba = (long)sqe.StartingLba;
        int blocks = sqe.BlockCount;
        if (lba < 0 || lba + blocks > backend.BlockCount)
        {
            return NvmeStatus.LbaOutOfRange;
        }

        if (sqe.Opcode == IoOpcode.WriteZeroes)
        {
            await WriteZeroesAsync(backend, lba, blocks, ct);
            Observe(controller, backend, lba, blocks);
            return NvmeStatus.Success;
        }

        long bytes = (long)blocks * backend.BlockSize;
        if (sqe.Sgl.Length != bytes)
        {
            return NvmeStatus.DataSglLengthInvalid; // as the Linux target (spec §4.2)
        }

        if (bytes > connection.Options.MaxDataTransferSize)
        {
            return NvmeStatus.InvalidField;
        }

        if (sqe.Opcode == IoOpcode.Read)
        {
            return await ReadAsync(sqe, backend, lba, (int)bytes, ct);
        }

        NvmeStatus written = await WriteAsync(sqe, capsule, backend, lba, (int)bytes, ct);
        if (written == NvmeStatus.Success)
        {
            Observe(controller, backend, lba, blocks);
        }

        return written;
    }

    private void Observe(TargetController controller, INamespaceBackend backend, long lba, int blocks) =>
        connection.Options.WriteObserver?.Invoke(new TargetWrite(controller.HostId, controller.HostNqn, backend.Uuid, lba, blocks));

    private async Task<NvmeStatus> ReadAsync(SubmissionQueueEntry sqe, INamespaceBackend backend, long lba, int bytes, CancellationToken ct)
    {
        if (!sqe.Sgl.IsTransport)
        {
            return NvmeStatus.SglDescriptorTypeInvalid;
        }

        if (backend is ILendingNamespaceBackend lender && lender.TryLendForRead(lba, bytes) is { } lease)
        {
            using (lease)
            {
                await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.Success, lease.Segments);
            }

            return AlreadyAnswered;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(bytes);
        try
        {
            await backend.ReadAsync(lba, buffer.AsMemory(0, bytes), ct);
            await connection.SendResponseAsync(sqe.CommandId, NvmeStatus.Success, [new ArraySegment<byte>(buffer, 0, bytes)]);
            return AlreadyAnswered;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<NvmeStatus> WriteAsync(SubmissionQueueEntry sqe, ReceivedCapsule capsule, INamespaceBackend backend, long lba, int bytes, CancellationToken ct)
    {
        if (sqe.Sgl.IsInCapsule)
        {
            if (sqe.Sgl.Address != 0 || capsule.DataLength != bytes)
            {
                return NvmeStatus.SglOffsetInvalid;
            }

            await backend.WriteAsync(lba, capsule.InCapsuleData, ct);
            return NvmeStatus.Success;
        }

        if (!sqe.Sgl.IsTransport)
        {
            return NvmeStatus.SglDescriptorTypeInvalid;
        }

        if (backend is ILendingNamespaceBackend lender && lender.TryLendForWrite(lba, bytes) is { } lease)
        {
            using (lease)
            {
                PendingWrite received = await connection.RequestDataAsync(sqe.CommandId, lease.Segments, bytes);
                if (received.DataDigestFailed)
                {
                    return NvmeStatus.TransientTransportError; // disposed uncommitted: nothing was written
                }

                await lease.CommitAsync(ct);
                return NvmeStatus.Success;
            }
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(bytes);
        try
        {
            PendingWrite received = await connection.RequestDataAsync(sqe.CommandId, [new ArraySegment<byte>(buffer, 0, bytes)], bytes);
            if (received.DataDigestFailed)
            {
                return NvmeStatus.TransientTransportError;
            }

            await backend.WriteAsync(lba, buffer.AsMemory(0, bytes), ct);
            return NvmeStatus.Success;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task WriteZeroesAsync(INamespaceBackend backend, long lba, int blocks, CancellationToken ct)
    {
        int blocksPerChunk = ZeroChunk.Length / backend.BlockSize;
        while (blocks > 0)
        {
            int count = Math.Min(blocks, blocksPerChunk);
            await backend.WriteAsync(lba, ZeroChunk.AsMemory(0, count * backend.BlockSize), ct);
            lba += count;
            blocks -= count;
        }
    }

    private static async Task<NvmeStatus> DeallocateAsync(SubmissionQueueEntry sqe, ReceivedCapsule capsule, INamespaceBackend backend, CancellationToken ct)
    {
        int ranges = (int)(sqe.Cdw10 & 0xFF) + 1;
        if (capsule.DataLength != ranges * DeallocateRangeSize)
        {
            // Range lists always fit in-capsule (≤ 4 KiB); anything else is malformed.
            return NvmeStatus.DataSglLengthInvalid;
        }

        if ((sqe.Cdw11 & (1u << 2)) == 0)
        {
            return NvmeStatus.Success; // only attribute hints, nothing to do
        }

        ReadOnlyMemory<byte> data = capsule.InCapsuleData;
        for (int i = 0; i < ranges; i++)
        {
            ReadOnlySpan<byte> range = data.Span.Slice(i * DeallocateRangeSize, DeallocateRangeSize);
            long blocks = BinaryPrimitives.ReadUInt32LittleEndian(range[4..]);
            long start = (long)BinaryPrimitives.ReadUInt64LittleEndian(range[8..]);
            if (start < 0 || start + blocks > backend.BlockCount)
            {
                return NvmeStatus.LbaOutOfRange;
            }
        }

        for (int i = 0; i < ranges; i++)
        {
            long blocks = BinaryPrimitives.ReadUInt32LittleEndian(data.Span.Slice(i * DeallocateRangeSize + 4));
            long start = (long)BinaryPrimitives.ReadUInt64LittleEndian(data.Span.Slice(i * DeallocateRangeSize + 8));
            if (blocks > 0)
            {
                await backend.DeallocateAsync(start, blocks, ct);
            }
        }

        return NvmeStatus.Success;
    }
}
