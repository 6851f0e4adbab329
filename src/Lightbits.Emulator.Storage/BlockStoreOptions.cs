namespace Lightbits.Emulator.Storage;

/// <summary>Settings for <see cref="BlockStore.Open"/>.</summary>
public sealed record BlockStoreOptions
{
    /// <summary>
    /// Copy-on-write and allocation unit. 64 KiB: measured on ext4 (see the commit adding it),
    /// 1 MiB sequential I/O runs at the same speed from 64 KiB up, while the copy-on-write cost of
    /// a 4 KiB write after a snapshot and the changed-blocks over-reporting grow with the chunk;
    /// below 64 KiB the map and the per-chunk first-write work grow with no gain. A power of two
    /// from 4 KiB to 16 MiB; a store keeps the chunk size it was created with.
    /// </summary>
    public int ChunkSize { get; init; } = 64 * 1024;

    /// <summary>Bytes the store may allocate in total; null for no limit.</summary>
    public long? CapacityBytes { get; init; }
}
