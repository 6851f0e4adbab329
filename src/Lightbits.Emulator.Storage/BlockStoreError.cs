namespace Lightbits.Emulator.Storage;

/// <summary>What went wrong in a <see cref="BlockStore"/> call, for mapping to API status codes.</summary>
public enum BlockStoreError
{
    /// <summary>No volume has the id (REST 404).</summary>
    VolumeNotFound,

    /// <summary>No snapshot has the id (REST 404).</summary>
    SnapshotNotFound,

    /// <summary>The base snapshot of a changed-blocks request does not exist (REST 404).</summary>
    BaseSnapshotNotFound,

    /// <summary>A volume or snapshot with the id already exists (REST 409).</summary>
    AlreadyExists,

    /// <summary>The store's capacity is exhausted (NVMe: capacity exceeded).</summary>
    OutOfSpace,

    /// <summary>A resize would shrink the volume and shrinking was not allowed (REST 400).</summary>
    ShrinkNotAllowed,

    /// <summary>Changed blocks were asked between a snapshot and itself (REST 400, spec §13).</summary>
    SameSnapshot,

    /// <summary>The base snapshot is not an ancestor on the snapshot's volume chain (REST 400, spec §13).</summary>
    BaseNotOnChain,

    /// <summary>The changed-blocks offset is at or past the end of the snapshot (REST 400, spec §13).</summary>
    OffsetPastEnd,
}
