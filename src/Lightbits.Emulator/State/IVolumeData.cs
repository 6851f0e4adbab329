namespace Lightbits.Emulator.State;

/// <summary>
/// Where volume data lives. The management state calls it under its lock, at the exact moment a
/// resource appears or goes, so a snapshot freezes the data the API says it does.
/// </summary>
public interface IVolumeData
{
    void CreateVolume(Guid volume, ulong sizeBytes, uint sectorSize);
    void CreateClone(Guid snapshot, Guid volume, ulong sizeBytes);
    void CreateSnapshot(Guid volume, Guid snapshot);
    void Resize(Guid volume, ulong sizeBytes, bool allowShrink);
    void DeleteVolume(Guid volume);
    void DeleteSnapshot(Guid snapshot);

    /// <summary>Makes the data match the management state after a restart (either may have missed the last change).</summary>
    void Reconcile(IEnumerable<(Guid Volume, ulong Size, uint SectorSize)> volumes, IEnumerable<Guid> snapshots);
}
