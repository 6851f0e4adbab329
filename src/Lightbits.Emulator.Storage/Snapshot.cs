using Lightbits.Emulator.Storage.ChangedBlocks;
using Lightbits.Emulator.Storage.Layers;

namespace Lightbits.Emulator.Storage;

/// <summary>A read-only point-in-time image: a frozen layer over its parents. Reads hold the gate shared so deletion waits for them.</summary>
internal sealed class Snapshot(Guid id, Guid volumeId, long sizeBytes, int sectorSize, Layer layer) : IDisposable
{
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private bool _deleted;

    public Guid Id { get; } = id;

    public Guid VolumeId { get; } = volumeId;

    public long SizeBytes { get; } = sizeBytes;

    public int SectorSize { get; } = sectorSize;

    public Layer Layer { get; } = layer;

    public SnapshotInfo ToInfo() => new(Id, VolumeId, SizeBytes, SectorSize, Layer.AllocatedBytes);

    public void Read(long offset, Span<byte> destination)
    {
        EnterShared();
        try
        {
            IoArguments.Validate(offset, destination.Length, SectorSize, SizeBytes, nameof(destination));
            LayerIo.Read(Layer, offset, destination);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>Spec §13 changed blocks since <paramref name="baseLayer"/> (null: every block holding data).</summary>
    public ChangedBlocksPage ChangedBlocks(Layer? baseLayer, long offsetLba, int maxRanges)
    {
        EnterShared();
        try
        {
            return ChangedBlocksScanner.Scan(Layer, baseLayer, SizeBytes, SectorSize, offsetLba, maxRanges);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    public void MarkDeleted()
    {
        _gate.EnterWriteLock();
        _deleted = true;
        _gate.ExitWriteLock();
    }

    public void Dispose() => _gate.Dispose();

    private void EnterShared()
    {
        _gate.EnterReadLock();
        if (_deleted)
        {
            _gate.ExitReadLock();
            throw new BlockStoreException(BlockStoreError.SnapshotNotFound, $"Snapshot {Id} was deleted.");
        }
    }
}
