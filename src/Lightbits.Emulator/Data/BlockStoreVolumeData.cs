using Lightbits.Emulator.State;
using Lightbits.Emulator.Storage;

namespace Lightbits.Emulator.Data;

/// <summary>Volume data in lbemu's thin copy-on-write block store.</summary>
public sealed class BlockStoreVolumeData(BlockStore store, ILogger logger) : IVolumeData
{
    public BlockStore Store => store;

    public void CreateVolume(Guid volume, ulong sizeBytes, uint sectorSize) => store.CreateVolume(volume, (long)sizeBytes, (int)sectorSize);

    public void CreateClone(Guid snapshot, Guid volume, ulong sizeBytes) => store.CreateClone(snapshot, volume, (long)sizeBytes);

    public void CreateSnapshot(Guid volume, Guid snapshot) => store.CreateSnapshot(volume, snapshot);

    public void Resize(Guid volume, ulong sizeBytes, bool allowShrink) => store.ResizeVolume(volume, (long)sizeBytes, allowShrink);

    public void DeleteVolume(Guid volume) => store.DeleteVolume(volume);

    public void DeleteSnapshot(Guid snapshot) => store.DeleteSnapshot(snapshot);

    public void Reconcile(IEnumerable<(Guid Volume, ulong Size, uint SectorSize)> volumes, IEnumerable<Guid> snapshots)
    {
        var wantedVolumes = volumes.ToList();
        var wantedSnapshots = snapshots.ToHashSet();
        foreach (var stale in store.ListVolumes().Where(v => wantedVolumes.All(w => w.Volume != v.Id)))
        {
            logger.LogWarning("volume data {Volume} has no volume in state.json; deleting it", stale.Id);
            store.DeleteVolume(stale.Id);
        }
        foreach (var stale in store.ListSnapshots().Where(s => !wantedSnapshots.Contains(s.Id)))
        {
            logger.LogWarning("snapshot data {Snapshot} has no snapshot in state.json; deleting it", stale.Id);
            store.DeleteSnapshot(stale.Id);
        }
        var present = store.ListVolumes().Select(v => v.Id).ToHashSet();
        foreach (var (volume, size, sectorSize) in wantedVolumes.Where(w => !present.Contains(w.Volume)))
        {
            logger.LogWarning("volume {Volume} had no data (crash between state and data); it reads as zeros", volume);
            store.CreateVolume(volume, (long)size, (int)sectorSize);
        }
    }
}
