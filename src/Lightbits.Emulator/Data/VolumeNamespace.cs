using Lightbits.Emulator.Storage;
using NvmeTcp.Nvme;
using NvmeTcp.Target;

namespace Lightbits.Emulator.Data;

/// <summary>
/// A volume served as an NVMe namespace: LBAs of the volume's sector size over its block-store data.
/// With in-memory storage it lends the store's blocks, so NVMe/TCP data goes between socket and
/// store without a copy through a transfer buffer.
/// </summary>
internal sealed class VolumeNamespace(IVolumeHandle volume) : ILendingNamespaceBackend
{
    public long BlockCount => volume.SizeBytes / volume.SectorSize;

    public int BlockSize => volume.SectorSize;

    public Guid Uuid => volume.Id;

    public ValueTask ReadAsync(long lba, Memory<byte> dst, CancellationToken ct) =>
        Guard(() => volume.ReadAsync(lba * BlockSize, dst, ct));

    public ValueTask WriteAsync(long lba, ReadOnlyMemory<byte> src, CancellationToken ct) =>
        Guard(() => volume.WriteAsync(lba * BlockSize, src, ct));

    public ValueTask FlushAsync(CancellationToken ct) => Guard(() => volume.FlushAsync(ct));

    public ValueTask DeallocateAsync(long lba, long blocks, CancellationToken ct) =>
        Guard(() => volume.DeallocateAsync(lba * BlockSize, blocks * BlockSize, ct));

    public IDataLease? TryLendForRead(long lba, int bytes) =>
        Guard(() => volume.TryLendForRead(lba * BlockSize, bytes)) is { } lease ? new ReadLease(lease) : null;

    public IWriteLease? TryLendForWrite(long lba, int bytes) =>
        Guard(() => volume.TryLendForWrite(lba * BlockSize, bytes)) is { } lease ? new WriteLease(lease) : null;

    // A full cluster answers writes with Capacity Exceeded; a volume deleted under an open
    // controller with Invalid Namespace — never a generic internal error.
    private static async ValueTask Guard(Func<ValueTask> io)
    {
        try
        {
            await io();
        }
        catch (Exception e) when (AsNamespaceStatus(e) is { } status)
        {
            throw status;
        }
    }

    private static T Guard<T>(Func<T> io)
    {
        try
        {
            return io();
        }
        catch (Exception e) when (AsNamespaceStatus(e) is { } status)
        {
            throw status;
        }
    }

    private static NamespaceStatusException? AsNamespaceStatus(Exception e) => e switch
    {
        OutOfSpaceException => new NamespaceStatusException(NvmeStatus.CapacityExceeded, e.Message, e),
        BlockStoreException { IsNotFound: true } => new NamespaceStatusException(NvmeStatus.InvalidNamespace, e.Message, e),
        _ => null,
    };

    private sealed class ReadLease(VolumeReadLease lease) : IDataLease
    {
        public IReadOnlyList<ArraySegment<byte>> Segments => lease.Segments;

        public void Dispose() => lease.Dispose();
    }

    private sealed class WriteLease(VolumeWriteLease lease) : IWriteLease
    {
        public IReadOnlyList<ArraySegment<byte>> Segments => lease.Segments;

        public ValueTask CommitAsync(CancellationToken ct) => Guard(() =>
        {
            ct.ThrowIfCancellationRequested();
            lease.Commit();
            return ValueTask.CompletedTask;
        });

        public void Dispose() => lease.Dispose();
    }
}
