using System.Collections.Concurrent;
using Lightbits.Emulator.Storage.Catalog;
using Lightbits.Emulator.Storage.ChangedBlocks;
using Lightbits.Emulator.Storage.Layers;
using Lightbits.Emulator.Storage.Space;

namespace Lightbits.Emulator.Storage;

/// <summary>
/// lbemu's thin, copy-on-write block store in one data directory: volumes, instant snapshots,
/// clones sharing their snapshot's blocks, changed blocks (spec §13), a capacity limit, and
/// crash-consistent persistence. Metadata calls are serialised; I/O goes through
/// <see cref="IVolumeHandle"/> without any store-wide lock.
/// </summary>
/// <remarks>
/// The store keeps the layer graph (which volume or snapshot owns which layer, reference counts) and
/// the API; an <see cref="ILayerCatalog"/> keeps the layers and the saved graph, in files or in memory.
/// On disk: <c>catalog.json</c> (volumes, snapshots, layers; replaced atomically) and, per layer,
/// <c>layers/L{id}.data</c> (sparse; chunk c at byte c·chunkSize) and <c>layers/L{id}.map</c>
/// (append-only checksummed chunk-state records, made durable by Flush after the data).
/// </remarks>
public sealed class BlockStore : IDisposable
{
    private const int MinChunkSize = 4096;
    private const int MaxChunkSize = 16 * 1024 * 1024;

    private readonly ILayerCatalog _catalog;
    private readonly SpaceAccount _space;
    private readonly Lock _catalogLock = new();
    private readonly Dictionary<long, Layer> _layers = [];
    private readonly ConcurrentDictionary<Guid, Volume> _volumes = new();
    private readonly ConcurrentDictionary<Guid, Snapshot> _snapshots = new();
    private long _nextLayerId = 1;
    private bool _disposed;

    private BlockStore(ILayerCatalog catalog, long? capacityBytes)
    {
        _catalog = catalog;
        _space = new SpaceAccount(capacityBytes);
    }

    /// <summary>The copy-on-write and allocation unit in bytes (fixed when the store was created).</summary>
    public int ChunkSize => _catalog.ChunkSize;

    /// <summary>Bytes allocated by all volumes, snapshots and layers kept for them.</summary>
    public long AllocatedBytes => _space.UsedBytes;

    /// <summary>The capacity limit, or null.</summary>
    public long? CapacityBytes => _space.CapacityBytes;

    /// <summary>Opens the store in <paramref name="dataDirectory"/>, creating it if empty, and recovers what the last run made durable.</summary>
    public static BlockStore Open(string dataDirectory, BlockStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        options ??= new BlockStoreOptions();
        var catalog = FileLayerCatalog.Open(dataDirectory, options.ChunkSize);
        ValidChunkSize(catalog.ChunkSize);
        var store = new BlockStore(catalog, options.CapacityBytes);
        try
        {
            if (catalog.Saved is { } saved)
            {
                store.Restore(saved, catalog.OpenSavedLayer);
            }
            else
            {
                store.SaveCatalog();
            }

            catalog.RemoveOrphanFiles(store._layers.Keys);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A store whose data lives in this process's memory only (lbemu <c>--storage memory</c>): the
    /// same semantics as <see cref="Open"/> without any persistence. Memory freed by deletes is
    /// kept for reuse, so the process holds on to the most it ever stored.
    /// </summary>
    public static BlockStore CreateInMemory(BlockStoreOptions? options = null) =>
        new(new MemoryLayerCatalog(ValidChunkSize((options ?? new BlockStoreOptions()).ChunkSize)), options?.CapacityBytes);

    public IVolumeHandle CreateVolume(Guid volumeId, long sizeBytes, int sectorSize = 4096)
    {
        if (sectorSize is not (512 or 4096))
        {
            throw new ArgumentException($"Sector size {sectorSize} is neither 512 nor 4096.", nameof(sectorSize));
        }

        ValidateSize(sizeBytes, sectorSize, nameof(sizeBytes));
        lock (_catalogLock)
        {
            ThrowIfExists(volumeId);
            var layer = NewLayer(parent: null);
            var volume = new Volume(volumeId, sizeBytes, sectorSize, null, layer, _space);
            _volumes[volumeId] = volume;
            SaveCatalogOrUndo(() => Unregister(volume));
            return volume;
        }
    }

    /// <summary>Takes an instant point-in-time snapshot of a volume; later writes to the volume do not change it.</summary>
    public SnapshotInfo CreateSnapshot(Guid volumeId, Guid snapshotId)
    {
        lock (_catalogLock)
        {
            ThrowIfExists(snapshotId);
            var volume = FindVolume(volumeId);
            Snapshot? snapshot = null;
            volume.SwapTop(frozen =>
            {
                snapshot = new Snapshot(snapshotId, volumeId, volume.SizeBytes, volume.SectorSize, frozen);
                return NewLayer(parent: frozen);
            });
            _snapshots[snapshotId] = snapshot!;
            SaveCatalog();
            return snapshot!.ToInfo();
        }
    }

    /// <summary>Creates a volume from a snapshot, sharing its blocks until they are written; <paramref name="sizeBytes"/> may exceed the snapshot's size.</summary>
    public IVolumeHandle CreateClone(Guid snapshotId, Guid newVolumeId, long? sizeBytes = null)
    {
        lock (_catalogLock)
        {
            ThrowIfExists(newVolumeId);
            var snapshot = FindSnapshot(snapshotId, BlockStoreError.SnapshotNotFound);
            long size = sizeBytes ?? snapshot.SizeBytes;
            ValidateSize(size, snapshot.SectorSize, nameof(sizeBytes));
            if (size < snapshot.SizeBytes)
            {
                throw new ArgumentOutOfRangeException(nameof(sizeBytes), $"A clone of {size} bytes is smaller than its snapshot of {snapshot.SizeBytes} bytes.");
            }

            var layer = NewLayer(parent: snapshot.Layer);
            var volume = new Volume(newVolumeId, size, snapshot.SectorSize, snapshotId, layer, _space);
            _volumes[newVolumeId] = volume;
            SaveCatalogOrUndo(() => Unregister(volume));
            return volume;
        }
    }

    /// <summary>Deletes a volume; blocks its snapshots still use are kept until they are deleted too.</summary>
    public void DeleteVolume(Guid volumeId)
    {
        lock (_catalogLock)
        {
            var volume = FindVolume(volumeId);
            volume.MarkDeleted();
            _volumes.TryRemove(volumeId, out _);
            var removed = Unreference(volume.Top);
            SaveCatalog();
            DeleteLayers(removed);
        }
    }

    /// <summary>Deletes a snapshot; blocks its clones or newer snapshots still use are kept until they are deleted too.</summary>
    public void DeleteSnapshot(Guid snapshotId)
    {
        lock (_catalogLock)
        {
            var snapshot = FindSnapshot(snapshotId, BlockStoreError.SnapshotNotFound);
            snapshot.MarkDeleted();
            _snapshots.TryRemove(snapshotId, out _);
            var removed = Unreference(snapshot.Layer);
            SaveCatalog();
            DeleteLayers(removed);
        }
    }

    /// <summary>Grows a volume, or shrinks it when <paramref name="allowShrink"/> (the API's <c>Force</c>); a shrunk tail reads zeros if grown again.</summary>
    public void ResizeVolume(Guid volumeId, long newSizeBytes, bool allowShrink = false)
    {
        lock (_catalogLock)
        {
            var volume = FindVolume(volumeId);
            ValidateSize(newSizeBytes, volume.SectorSize, nameof(newSizeBytes));
            if (newSizeBytes < volume.SizeBytes && !allowShrink)
            {
                throw new BlockStoreException(BlockStoreError.ShrinkNotAllowed, $"Shrinking volume {volumeId} from {volume.SizeBytes} to {newSizeBytes} bytes needs allowShrink.");
            }

            volume.Resize(newSizeBytes);
            SaveCatalog();
        }
    }

    public IVolumeHandle GetVolume(Guid volumeId) => FindVolume(volumeId);

    public VolumeInfo GetVolumeInfo(Guid volumeId) => FindVolume(volumeId).ToInfo();

    public SnapshotInfo GetSnapshot(Guid snapshotId) => FindSnapshot(snapshotId, BlockStoreError.SnapshotNotFound).ToInfo();

    public IReadOnlyList<VolumeInfo> ListVolumes() => [.. _volumes.Values.Select(v => v.ToInfo())];

    public IReadOnlyList<SnapshotInfo> ListSnapshots() => [.. _snapshots.Values.Select(s => s.ToInfo())];

    /// <summary>Reads a snapshot (for verification; snapshots are not exported over NVMe).</summary>
    public void ReadSnapshot(Guid snapshotId, long offset, Span<byte> destination) =>
        FindSnapshot(snapshotId, BlockStoreError.SnapshotNotFound).Read(offset, destination);

    /// <inheritdoc cref="ReadSnapshot"/>
    public ValueTask ReadSnapshotAsync(Guid snapshotId, long offset, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        ReadSnapshot(snapshotId, offset, destination.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Spec §13: the LBAs of <paramref name="snapshotId"/> holding data (no base), or written since
    /// <paramref name="baseSnapshotId"/>, an older snapshot on the same chain. Tracked per chunk:
    /// every LBA of a chunk that was partly written counts. Deallocated chunks do not count.
    /// </summary>
    /// <param name="sinceVolumeCreation">
    /// Without a base: only what was written since the snapshot's volume was created, so a clone's
    /// snapshot leaves out what the clone inherited from its parent snapshot (Lightbits' lbcli
    /// documentation reads that way; lbemu <c>--changed-blocks-since-creation</c>).
    /// </param>
    public ChangedBlocksPage GetChangedBlocks(Guid snapshotId, Guid? baseSnapshotId = null, long offsetLba = 0, int maxRanges = 10000, bool sinceVolumeCreation = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offsetLba);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRanges);
        var snapshot = FindSnapshot(snapshotId, BlockStoreError.SnapshotNotFound);
        Layer? baseLayer = null;
        if (baseSnapshotId is { } baseId)
        {
            if (baseId == snapshotId)
            {
                throw new BlockStoreException(BlockStoreError.SameSnapshot, $"Snapshot {snapshotId} is its own base.");
            }

            baseLayer = FindSnapshot(baseId, BlockStoreError.BaseSnapshotNotFound).Layer;
            if (!IsAncestor(baseLayer, snapshot.Layer))
            {
                throw new BlockStoreException(BlockStoreError.BaseNotOnChain, $"Snapshot {baseId} is not an older snapshot on the chain of {snapshotId}.");
            }
        }

        else if (sinceVolumeCreation)
        {
            baseLayer = VolumeOrigin(snapshot);
        }

        if (offsetLba >= snapshot.SizeBytes / snapshot.SectorSize)
        {
            throw new BlockStoreException(BlockStoreError.OffsetPastEnd, $"Offset LBA {offsetLba} is past the end of snapshot {snapshotId} ({snapshot.SizeBytes / snapshot.SectorSize} LBAs).");
        }

        return snapshot.ChangedBlocks(baseLayer, offsetLba, maxRanges);
    }

    /// <summary>Makes every completed write of every volume durable.</summary>
    public void Flush()
    {
        foreach (var volume in _volumes.Values)
        {
            try
            {
                volume.Flush();
            }
            catch (BlockStoreException e) when (e.Error == BlockStoreError.VolumeNotFound)
            {
                // Deleted meanwhile: nothing to keep.
            }
        }
    }

    public void Dispose()
    {
        lock (_catalogLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var volume in _volumes.Values)
            {
                volume.Close();
                volume.Dispose();
            }

            foreach (var snapshot in _snapshots.Values)
            {
                snapshot.Dispose();
            }

            foreach (var layer in _layers.Values)
            {
                layer.Dispose();
            }
        }
    }

    /// <summary>
    /// The layer the snapshot's volume was cloned from (null for a volume created empty): the first
    /// layer under the snapshot that another volume's snapshot owns. Should that snapshot have been
    /// deleted, an older one of its volume is found instead, which lists more, never less.
    /// </summary>
    private Layer? VolumeOrigin(Snapshot snapshot)
    {
        var owners = _snapshots.Values.ToDictionary(s => s.Layer, s => s.VolumeId);
        for (var layer = snapshot.Layer.Parent; layer is not null; layer = layer.Parent)
        {
            if (owners.TryGetValue(layer, out var volume) && volume != snapshot.VolumeId)
            {
                return layer;
            }
        }

        return null;
    }

    private static bool IsAncestor(Layer candidate, Layer layer)
    {
        for (var parent = layer.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent == candidate)
            {
                return true;
            }
        }

        return false;
    }

    private static int ValidChunkSize(int chunkSize) =>
        chunkSize is >= MinChunkSize and <= MaxChunkSize && int.IsPow2(chunkSize)
            ? chunkSize
            : throw new ArgumentException($"Chunk size {chunkSize} is not a power of two from {MinChunkSize} to {MaxChunkSize}.", nameof(chunkSize));

    private static void ValidateSize(long sizeBytes, int sectorSize, string parameter)
    {
        if (sizeBytes <= 0 || sizeBytes % sectorSize != 0)
        {
            throw new ArgumentException($"Size {sizeBytes} is not a positive multiple of the sector size {sectorSize}.", parameter);
        }
    }

    /// <summary>Rebuilds the layer graph and its reference counts from what the last run saved.</summary>
    private void Restore(CatalogDocument saved, Func<long, Layer?, Layer> openLayer)
    {
        _nextLayerId = saved.NextLayerId;
        foreach (var record in saved.Layers.OrderBy(l => l.Id))
        {
            Layer? parent = null;
            if (record.ParentId is { } parentId)
            {
                parent = _layers[parentId];
                parent.References++;
            }

            var layer = openLayer(record.Id, parent);
            _layers[record.Id] = layer;
            _space.AddExisting(layer.AllocatedBytes);
        }

        foreach (var record in saved.Volumes)
        {
            var layer = _layers[record.LayerId];
            layer.References++;
            _volumes[record.Id] = new Volume(record.Id, record.SizeBytes, record.SectorSize, record.SourceSnapshotId, layer, _space);
        }

        foreach (var record in saved.Snapshots)
        {
            var layer = _layers[record.LayerId];
            layer.References++;
            _snapshots[record.Id] = new Snapshot(record.Id, record.VolumeId, record.SizeBytes, record.SectorSize, layer);
        }
    }

    private Layer NewLayer(Layer? parent)
    {
        long id = _nextLayerId++;
        var layer = _catalog.CreateLayer(id, parent);
        layer.References = 1;
        if (parent is not null)
        {
            parent.References++;
        }

        _layers[id] = layer;
        return layer;
    }

    /// <summary>Drops one reference and returns the layers nobody uses any more (child first).</summary>
    private List<Layer> Unreference(Layer layer)
    {
        var removed = new List<Layer>();
        for (Layer? current = layer; current is not null; current = current.Parent)
        {
            if (--current.References > 0)
            {
                break;
            }

            _layers.Remove(current.Id);
            removed.Add(current);
        }

        return removed;
    }

    private void DeleteLayers(List<Layer> removed)
    {
        foreach (var layer in removed)
        {
            _space.Release(layer.AllocatedBytes);
            layer.Delete();
        }
    }

    private void Unregister(Volume volume)
    {
        _volumes.TryRemove(volume.Id, out _);
        DeleteLayers(Unreference(volume.Top));
    }

    private void SaveCatalogOrUndo(Action undo)
    {
        try
        {
            SaveCatalog();
        }
        catch
        {
            undo();
            throw;
        }
    }

    private void SaveCatalog()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _catalog.Save(_nextLayerId, _layers.Values, _volumes.Values, _snapshots.Values);
    }

    private void ThrowIfExists(Guid id)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_volumes.ContainsKey(id) || _snapshots.ContainsKey(id))
        {
            throw new BlockStoreException(BlockStoreError.AlreadyExists, $"A volume or snapshot {id} already exists.");
        }
    }

    private Volume FindVolume(Guid volumeId) =>
        _volumes.TryGetValue(volumeId, out var volume)
            ? volume
            : throw new BlockStoreException(BlockStoreError.VolumeNotFound, $"No volume {volumeId}.");

    private Snapshot FindSnapshot(Guid snapshotId, BlockStoreError notFound) =>
        _snapshots.TryGetValue(snapshotId, out var snapshot)
            ? snapshot
            : throw new BlockStoreException(notFound, $"No snapshot {snapshotId}.");
}
