namespace Lightbits.Emulator.Storage.Catalog;

/// <summary>
/// Everything about the store except chunk maps and data: which layers exist and who owns them.
/// Small and rarely changed (create/delete/resize/snapshot), so it is rewritten whole.
/// </summary>
internal sealed record CatalogDocument(
    int FormatVersion,
    int ChunkSize,
    long NextLayerId,
    IReadOnlyList<LayerRecord> Layers,
    IReadOnlyList<VolumeRecord> Volumes,
    IReadOnlyList<SnapshotRecord> Snapshots)
{
    public const int CurrentFormatVersion = 1;
}

internal sealed record LayerRecord(long Id, long? ParentId);

internal sealed record VolumeRecord(Guid Id, long SizeBytes, int SectorSize, long LayerId, Guid? SourceSnapshotId);

internal sealed record SnapshotRecord(Guid Id, Guid VolumeId, long SizeBytes, int SectorSize, long LayerId);
