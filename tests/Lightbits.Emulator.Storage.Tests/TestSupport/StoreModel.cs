namespace Lightbits.Emulator.Storage.Tests.TestSupport;

/// <summary>
/// What the store should hold, kept in memory: the bytes of each volume and snapshot, which
/// chunks hold data, and which chunks each snapshot's epoch (since the previous snapshot of its
/// chain) touched — enough to predict reads and changed blocks.
/// </summary>
internal sealed class StoreModel(int chunkSize)
{
    private readonly Dictionary<Guid, Image> _volumes = [];
    private readonly Dictionary<Guid, SnapshotImage> _snapshots = [];

    public int ChunkSize { get; } = chunkSize;

    public IEnumerable<Guid> VolumeIds => _volumes.Keys;

    public void CreateVolume(Guid id, long size) => _volumes[id] = new Image(new byte[size], [], [], Previous: null);

    public byte[] Volume(Guid id) => _volumes[id].Bytes;

    public byte[] Snapshot(Guid id) => _snapshots[id].Bytes;

    public void Write(Guid volumeId, long offset, ReadOnlySpan<byte> data)
    {
        var image = _volumes[volumeId];
        data.CopyTo(image.Bytes.AsSpan((int)offset));
        for (long chunk = offset / ChunkSize; chunk <= (offset + data.Length - 1) / ChunkSize; chunk++)
        {
            image.DataChunks.Add(chunk);
            image.Touched.Add(chunk);
        }
    }

    public void Deallocate(Guid volumeId, long offset, long length)
    {
        var image = _volumes[volumeId];
        Array.Clear(image.Bytes, (int)offset, (int)length);
        for (long chunk = offset / ChunkSize; chunk <= (offset + length - 1) / ChunkSize; chunk++)
        {
            bool whole = chunk * ChunkSize >= offset && (chunk + 1) * ChunkSize <= offset + length;
            if (whole)
            {
                image.DataChunks.Remove(chunk);
            }
            else if (image.DataChunks.Contains(chunk))
            {
                image.Touched.Add(chunk);
            }
        }
    }

    public void Snapshot(Guid volumeId, Guid snapshotId)
    {
        var image = _volumes[volumeId];
        var snapshot = new SnapshotImage((byte[])image.Bytes.Clone(), [.. image.DataChunks], [.. image.Touched], image.Previous);
        _snapshots[snapshotId] = snapshot;
        _volumes[volumeId] = image with { Touched = [], Previous = snapshot };
    }

    public void Clone(Guid snapshotId, Guid volumeId, long size)
    {
        var snapshot = _snapshots[snapshotId];
        var bytes = new byte[size];
        snapshot.Bytes.CopyTo(bytes, 0);
        _volumes[volumeId] = new Image(bytes, [.. snapshot.DataChunks], [], snapshot);
    }

    /// <summary>Chunks reported by changed blocks of <paramref name="snapshotId"/> since <paramref name="baseId"/>.</summary>
    public SortedSet<long> ChangedChunks(Guid snapshotId, Guid? baseId)
    {
        var snapshot = _snapshots[snapshotId];
        if (baseId is null)
        {
            return [.. snapshot.DataChunks];
        }

        var stop = _snapshots[baseId.Value];
        var touched = new HashSet<long>();
        for (var epoch = snapshot; epoch != stop; epoch = epoch.Previous!)
        {
            touched.UnionWith(epoch.Touched);
        }

        return [.. snapshot.DataChunks.Where(touched.Contains)];
    }

    private sealed record Image(byte[] Bytes, HashSet<long> DataChunks, HashSet<long> Touched, SnapshotImage? Previous);

    private sealed record SnapshotImage(byte[] Bytes, HashSet<long> DataChunks, HashSet<long> Touched, SnapshotImage? Previous);
}
