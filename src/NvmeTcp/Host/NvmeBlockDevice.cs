using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using NvmeTcp.Host;
using NvmeTcp.Nvme;

namespace NvmeTcp.Host;

/// <summary>
/// One namespace of an <see cref="NvmeController"/> as a byte-addressed block device. Commands spread over
/// the controller's I/O queues (least loaded first), so concurrent callers pipeline; requests larger than
/// MDTS (or 65 536 blocks) are split and the pieces run concurrently.
/// </summary>
public sealed class NvmeBlockDevice : IAsyncDisposable
{
    private const int MaxBlocksPerCommand = 65536; // NLB is a 16-bit 0's based field (spec §10)
    private const int MaxDeallocateRanges = 256;   // DSM NR limit (spec §10)
    private const int DeallocateRangeSize = 16;

    private readonly NvmeController _controller;
    private readonly bool _ownsController;
    private readonly SemaphoreSlim _verifyLock = new(1, 1);
    private int _verifiedGeneration;

    internal NvmeBlockDevice(NvmeController controller, NamespaceInfo info, int generation, bool ownsController)
    {
        _controller = controller;
        Namespace = info;
        _verifiedGeneration = generation;
        _ownsController = ownsController;
    }

    public NvmeController Controller => _controller;
    public NamespaceInfo Namespace { get; }
    public uint NamespaceId => Namespace.NamespaceId;
    public int SectorSize => Namespace.BlockSize;
    public long Capacity => Namespace.CapacityBytes;
    public Guid NamespaceUuid => Namespace.Uuid;

    public ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct = default)
    {
        ValidateRange(offset, buffer.Length, nameof(buffer));
        return TransferAsync(IoOpcode.Read, offset, default, buffer, ct);
    }

    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken ct = default)
    {
        ValidateRange(offset, data.Length, nameof(data));
        return TransferAsync(IoOpcode.Write, offset, data, default, ct);
    }

    public ValueTask FlushAsync(CancellationToken ct = default) =>
        ExecuteAsync(CommandBuilder.Flush(NamespaceId), default, default, "Flush", ct);

    /// <summary>Write Zeroes (spec §10); with <paramref name="deallocate"/> the controller may free the blocks (DEAC).</summary>
    public async ValueTask WriteZeroesAsync(long offset, long length, bool deallocate = false, CancellationToken ct = default)
    {
        ValidateRange(offset, length, nameof(length));
        long lba = offset / SectorSize, blocks = length / SectorSize;
        while (blocks > 0)
        {
            int count = (int)Math.Min(blocks, MaxBlocksPerCommand);
            uint flags = deallocate ? 1u << 25 : 0;
            await ExecuteAsync(CommandBuilder.ReadWrite(IoOpcode.WriteZeroes, NamespaceId, (ulong)lba, count, flags), default, default, "Write Zeroes", ct);
            lba += count;
            blocks -= count;
        }
    }

    /// <summary>Dataset Management with AD set (spec §10): up to 256 ranges of up to 2^32−1 blocks per command.</summary>
    public async ValueTask DeallocateAsync(long offset, long length, CancellationToken ct = default)
    {
        ValidateRange(offset, length, nameof(length));
        long lba = offset / SectorSize, blocks = length / SectorSize;
        byte[] ranges = ArrayPool<byte>.Shared.Rent(MaxDeallocateRanges * DeallocateRangeSize);
        try
        {
            while (blocks > 0)
            {
                int count = 0;
                Array.Clear(ranges);
                while (blocks > 0 && count < MaxDeallocateRanges)
                {
                    uint rangeBlocks = (uint)Math.Min(blocks, uint.MaxValue);
                    Span<byte> range = ranges.AsSpan(count * DeallocateRangeSize, DeallocateRangeSize);
                    BinaryPrimitives.WriteUInt32LittleEndian(range[4..], rangeBlocks);
                    BinaryPrimitives.WriteUInt64LittleEndian(range[8..], (ulong)lba);
                    lba += rangeBlocks;
                    blocks -= rangeBlocks;
                    count++;
                }

                await ExecuteAsync(CommandBuilder.Deallocate(NamespaceId, count), ranges.AsMemory(0, count * DeallocateRangeSize), default, "Dataset Management", ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(ranges);
        }
    }

    /// <summary>Re-establishes the controller association (see <see cref="NvmeController"/> for the policy).</summary>
    public Task ReconnectAsync(CancellationToken ct = default) => _controller.ReconnectAsync(ct);

    /// <summary>Current ANA state of this namespace through the connected path, or null if the controller does not report ANA.</summary>
    public async Task<AnaState?> GetAnaStateAsync(CancellationToken ct = default)
    {
        foreach (AnaGroup group in await _controller.GetAnaGroupsAsync(ct))
        {
            if (group.GroupId == Namespace.AnaGroupId || group.NamespaceIds.Contains(NamespaceId))
            {
                return group.State;
            }
        }

        return null;
    }

    private ValueTask TransferAsync(byte opcode, long offset, ReadOnlyMemory<byte> writeData, Memory<byte> readBuffer, CancellationToken ct)
    {
        int length = opcode == IoOpcode.Write ? writeData.Length : readBuffer.Length;
        if (length == 0)
        {
            return ValueTask.CompletedTask;
        }

        int maxBytes = (int)Math.Min(_controller.MaxTransferBytes, (long)MaxBlocksPerCommand * SectorSize) / SectorSize * SectorSize;
        string operation = opcode == IoOpcode.Write ? "Write" : "Read";
        if (length <= maxBytes)
        {
            return ExecuteAsync(CommandBuilder.ReadWrite(opcode, NamespaceId, (ulong)(offset / SectorSize), length / SectorSize), writeData, readBuffer, operation, ct);
        }

        return TransferSplitAsync(opcode, offset, writeData, readBuffer, length, maxBytes, operation, ct);
    }

    private async ValueTask TransferSplitAsync(byte opcode, long offset, ReadOnlyMemory<byte> writeData, Memory<byte> readBuffer, int length, int maxBytes, string operation, CancellationToken ct)
    {
        var pieces = new List<Task>((length + maxBytes - 1) / maxBytes);
        for (int done = 0; done < length; done += maxBytes)
        {
            int size = Math.Min(maxBytes, length - done);
            SubmissionQueueEntry sqe = CommandBuilder.ReadWrite(opcode, NamespaceId, (ulong)((offset + done) / SectorSize), size / SectorSize);
            ReadOnlyMemory<byte> pieceWrite = writeData.IsEmpty ? default : writeData.Slice(done, size);
            Memory<byte> pieceRead = readBuffer.IsEmpty ? default : readBuffer.Slice(done, size);
            pieces.Add(ExecuteAsync(sqe, pieceWrite, pieceRead, operation, ct).AsTask());
        }

        await Task.WhenAll(pieces);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ExecuteAsync(SubmissionQueueEntry sqe, ReadOnlyMemory<byte> writeData, Memory<byte> readBuffer, string operation, CancellationToken ct)
    {
        ControllerSession session = await _controller.GetSessionAsync(ct);
        if (session.Generation != Volatile.Read(ref _verifiedGeneration))
        {
            await VerifySameNamespaceAsync(session, ct);
        }

        CompletionQueueEntry cqe = await session.PickIoQueue().ExecuteAsync(sqe, writeData, readBuffer, ct);
        if (!cqe.IsSuccess)
        {
            throw NvmeException.FromStatus(cqe.NvmeStatus, $"{operation} of namespace {NamespaceId}");
        }
    }

    /// <summary>After a reconnect, make sure the NSID still names the same volume before touching data (DESIGN §5 step 4).</summary>
    private async Task VerifySameNamespaceAsync(ControllerSession session, CancellationToken ct)
    {
        await _verifyLock.WaitAsync(ct);
        try
        {
            if (session.Generation == _verifiedGeneration)
            {
                return;
            }

            NamespaceInfo now = await NvmeController.IdentifyNamespaceAsync(session, NamespaceId, ct);
            if (now.Uuid != Namespace.Uuid || now.BlockSize != Namespace.BlockSize)
            {
                throw new NvmeException(NvmeErrorKind.NamespaceChanged, $"Namespace {NamespaceId} is now {now.Uuid} ({now.BlockSize} B blocks), was {Namespace.Uuid} ({Namespace.BlockSize} B blocks).");
            }

            Volatile.Write(ref _verifiedGeneration, session.Generation);
        }
        finally
        {
            _verifyLock.Release();
        }
    }

    private void ValidateRange(long offset, long length, string lengthName)
    {
        if (offset < 0 || offset % SectorSize != 0)
        {
            throw new ArgumentException($"Offset {offset} is not a non-negative multiple of the {SectorSize}-byte sector size.", nameof(offset));
        }

        if (length < 0 || length % SectorSize != 0)
        {
            throw new ArgumentException($"Length {length} is not a multiple of the {SectorSize}-byte sector size.", lengthName);
        }

        if (offset + length > Capacity)
        {
            throw new ArgumentOutOfRangeException(lengthName, $"Range [{offset}, {offset + length}) exceeds the capacity of {Capacity} bytes.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsController)
        {
            await _controller.DisposeAsync();
        }
    }
}
