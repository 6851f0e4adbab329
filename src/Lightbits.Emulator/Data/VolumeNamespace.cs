using Lightbits.Emulator.Storage;
using NvmeTcp;

namespace Lightbits.Emulator.Data;

/// <summary>A volume served as an NVMe namespace: LBAs of the volume's sector size over its block-store data.</summary>
internal sealed class VolumeNamespace(IVolumeHandle volume) : INamespaceBackend
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

    // A full cluster answers writes with Capacity Exceeded; a volume deleted under an open
    // controller with Invalid Namespace — never a generic internal error.
    private static async ValueTask Guard(Func<ValueTask> io)
    {
        try
        {
            await io();
        }
        catch (OutOfSpaceException e)
        {
            throw new NamespaceStatusException(NvmeStatus.CapacityExceeded, e.Message, e);
        }
        catch (BlockStoreException e) when (e.IsNotFound)
        {
            throw new NamespaceStatusException(NvmeStatus.InvalidNamespace, e.Message, e);
        }
    }
}
