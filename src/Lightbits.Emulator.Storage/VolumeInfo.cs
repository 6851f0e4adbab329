namespace Lightbits.Emulator.Storage;

/// <summary>A volume as the REST layer reports it; <paramref name="AllocatedBytes"/> excludes blocks shared with its source snapshot.</summary>
public sealed record VolumeInfo(Guid Id, long SizeBytes, int SectorSize, Guid? SourceSnapshotId, long AllocatedBytes);
