namespace Lightbits.Emulator.Storage;

/// <summary>A snapshot; <paramref name="AllocatedBytes"/> counts the blocks written between the previous snapshot of the chain and this one.</summary>
public sealed record SnapshotInfo(Guid Id, Guid VolumeId, long SizeBytes, int SectorSize, long AllocatedBytes);
