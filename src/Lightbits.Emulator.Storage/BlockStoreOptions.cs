namespace Lightbits.Emulator.Storage;

/// <summary>Settings for <see cref="BlockStore.Open"/>.</summary>
public sealed record BlockStoreOptions
{
    /// <summary>
    /// Copy-on-write and allocation unit. 64 KiB, by measurement (1 GiB through the store, ext4,
    /// 2 cores, page cache; noisy, ±50%): 1 MiB sequential writes to new space ran 1–3.8 GB/s at
    /// 16/64/256 KiB alike and reads 7–17 GB/s, but 4 KiB first writes after a snapshot
    /// (copy-on-write) fell from ~45–53 k/s at 64 KiB to ~11 k/s at 256 KiB, and changed blocks
    /// over-report more the larger the chunk; at 16 KiB clone reads were slower (more chunks to
    /// resolve) and the map 4× larger for no gain. A power of two from 4 KiB to 16 MiB; a store
    /// keeps the chunk size it was created with.
    /// </summary>
    public int ChunkSize { get; init; } = 64 * 1024;

    /// <summary>Bytes the store may allocate in total; null for no limit.</summary>
    public long? CapacityBytes { get; init; }
}
