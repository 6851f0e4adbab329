namespace Lightbits.Emulator.Storage;

/// <summary>A refused <see cref="BlockStore"/> call; <see cref="Error"/> says why.</summary>
public class BlockStoreException(BlockStoreError error, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public BlockStoreError Error { get; } = error;

    /// <summary>The object named in the request does not exist (REST 404).</summary>
    public bool IsNotFound => Error is BlockStoreError.VolumeNotFound or BlockStoreError.SnapshotNotFound or BlockStoreError.BaseSnapshotNotFound;
}
