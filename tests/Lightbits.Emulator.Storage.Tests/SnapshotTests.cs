using Lightbits.Emulator.Storage.Tests.TestSupport;

namespace Lightbits.Emulator.Storage.Tests;

public sealed class SnapshotTests : IDisposable
{
    private const int Size = 4 << 20;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Snapshot_LaterWritesToTheVolume_DoNotChangeIt()
    {
        using var store = BlockStore.Open(_dir.Path);
        var id = Guid.NewGuid();
        var volume = store.CreateVolume(id, Size);
        volume.Write(0, Bytes.Filled(1, 1 << 20));
        var snapshot = Guid.NewGuid();

        store.CreateSnapshot(id, snapshot);
        volume.Write(4096, Bytes.Filled(2, 4096));
        volume.Write(2 << 20, Bytes.Filled(3, 4096));

        Assert.Equal(Bytes.Filled(1, 1 << 20), Bytes.ReadSnapshot(store, snapshot, 0, 1 << 20));
        Assert.All(Bytes.ReadSnapshot(store, snapshot, 2 << 20, 4096), b => Assert.Equal(0, b));
        Assert.Equal(Bytes.Filled(2, 4096), Bytes.Read(volume, 4096, 4096));
        Assert.Equal(Bytes.Filled(1, 4096), Bytes.Read(volume, 8192, 4096));
    }

    [Fact]
    public void Snapshot_IsInstantAndCopiesNoData()
    {
        using var store = BlockStore.Open(_dir.Path);
        var id = Guid.NewGuid();
        var volume = store.CreateVolume(id, Size);
        volume.Write(0, Bytes.Filled(1, Size));

        var info = store.CreateSnapshot(id, Guid.NewGuid());

        Assert.Equal(Size, info.AllocatedBytes);
        Assert.Equal(0, volume.AllocatedBytes);
        Assert.Equal(Size, store.AllocatedBytes);
    }

    [Fact]
    public void Clone_SharesTheSnapshotsBlocksUntilWritten_AndIsolatesBothDirections()
    {
        using var store = BlockStore.Open(_dir.Path);
        var sourceId = Guid.NewGuid();
        var source = store.CreateVolume(sourceId, Size);
        source.Write(0, Bytes.Filled(1, Size));
        var snapshot = Guid.NewGuid();
        store.CreateSnapshot(sourceId, snapshot);

        var clone = store.CreateClone(snapshot, Guid.NewGuid(), 2L * Size);
        Assert.Equal(0, clone.AllocatedBytes);
        Assert.Equal(Bytes.Filled(1, Size), Bytes.Read(clone, 0, Size));
        Assert.All(Bytes.Read(clone, Size, Size), b => Assert.Equal(0, b));

        clone.Write(0, Bytes.Filled(2, 4096));
        source.Write(8192, Bytes.Filled(3, 4096));

        Assert.Equal(Bytes.Filled(2, 4096), Bytes.Read(clone, 0, 4096));
        Assert.Equal(Bytes.Filled(1, 4096), Bytes.Read(clone, 8192, 4096));
        Assert.Equal(Bytes.Filled(1, 4096), Bytes.Read(source, 0, 4096));
        Assert.Equal(Bytes.Filled(3, 4096), Bytes.Read(source, 8192, 4096));
        Assert.Equal(Bytes.Filled(1, Size), Bytes.ReadSnapshot(store, snapshot, 0, Size));
        Assert.Equal(store.ChunkSize, clone.AllocatedBytes);
    }

    [Fact]
    public void Chain_SnapshotOfACloneAndACloneOfThatSnapshot_SeeEachLevelsWrites()
    {
        using var store = BlockStore.Open(_dir.Path);
        var v1 = Guid.NewGuid();
        var volume = store.CreateVolume(v1, Size);
        volume.Write(0, Bytes.Filled(1, 3 * 4096));
        var s1 = Guid.NewGuid();
        store.CreateSnapshot(v1, s1);
        var c1 = store.CreateClone(s1, Guid.NewGuid());
        c1.Write(4096, Bytes.Filled(2, 4096));
        var s2 = Guid.NewGuid();
        store.CreateSnapshot(c1.Id, s2);
        c1.Write(0, Bytes.Filled(4, 4096));

        var c2 = store.CreateClone(s2, Guid.NewGuid());
        c2.Write(8192, Bytes.Filled(3, 4096));

        Assert.Equal([.. Bytes.Filled(1, 4096), .. Bytes.Filled(2, 4096), .. Bytes.Filled(3, 4096)], Bytes.Read(c2, 0, 3 * 4096));
        Assert.Equal([.. Bytes.Filled(1, 4096), .. Bytes.Filled(2, 4096), .. Bytes.Filled(1, 4096)], Bytes.ReadSnapshot(store, s2, 0, 3 * 4096));
        Assert.Equal([.. Bytes.Filled(4, 4096), .. Bytes.Filled(2, 4096), .. Bytes.Filled(1, 4096)], Bytes.Read(c1, 0, 3 * 4096));
        Assert.Equal(Bytes.Filled(1, 3 * 4096), Bytes.ReadSnapshot(store, s1, 0, 3 * 4096));
    }

    [Fact]
    public void DeleteSnapshot_WithAClone_KeepsCloneDataAndReclaimsSpaceWhenTheLastUserIsGone()
    {
        using var store = BlockStore.Open(_dir.Path);
        var sourceId = Guid.NewGuid();
        var source = store.CreateVolume(sourceId, Size);
        source.Write(0, Bytes.Filled(5, Size));
        var snapshot = Guid.NewGuid();
        store.CreateSnapshot(sourceId, snapshot);
        var clone = store.CreateClone(snapshot, Guid.NewGuid());
        clone.Write(0, Bytes.Filled(6, 4096));

        store.DeleteSnapshot(snapshot);
        store.DeleteVolume(sourceId);

        Assert.Equal([.. Bytes.Filled(6, 4096), .. Bytes.Filled(5, Size - 4096)], Bytes.Read(clone, 0, Size));
        Assert.Equal(Size + store.ChunkSize, store.AllocatedBytes);
        var missing = Assert.Throws<BlockStoreException>(() => store.GetSnapshot(snapshot));
        Assert.Equal(BlockStoreError.SnapshotNotFound, missing.Error);

        store.DeleteVolume(clone.Id);

        Assert.Equal(0, store.AllocatedBytes);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_dir.Path, "layers")));
    }

    [Fact]
    public void DeleteVolume_WithASnapshot_KeepsTheSnapshotReadable()
    {
        using var store = BlockStore.Open(_dir.Path);
        var id = Guid.NewGuid();
        store.CreateVolume(id, Size).Write(0, Bytes.Filled(7, 4096));
        var snapshot = Guid.NewGuid();
        store.CreateSnapshot(id, snapshot);

        store.DeleteVolume(id);

        Assert.Equal(Bytes.Filled(7, 4096), Bytes.ReadSnapshot(store, snapshot, 0, 4096));
        Assert.Equal(BlockStoreError.VolumeNotFound, Assert.Throws<BlockStoreException>(() => store.GetVolume(id)).Error);
    }

    [Fact]
    public void Handle_OfADeletedVolume_FailsAsNotFound()
    {
        using var store = BlockStore.Open(_dir.Path);
        var volume = store.CreateVolume(Guid.NewGuid(), Size);

        store.DeleteVolume(volume.Id);

        Assert.Equal(BlockStoreError.VolumeNotFound, Assert.Throws<BlockStoreException>(() => volume.Write(0, new byte[4096])).Error);
    }

    [Fact]
    public void Create_AnIdThatExists_ThrowsAlreadyExists()
    {
        using var store = BlockStore.Open(_dir.Path);
        var id = Guid.NewGuid();
        store.CreateVolume(id, Size);
        var snapshot = Guid.NewGuid();
        store.CreateSnapshot(id, snapshot);

        Assert.Equal(BlockStoreError.AlreadyExists, Assert.Throws<BlockStoreException>(() => store.CreateVolume(id, Size)).Error);
        Assert.Equal(BlockStoreError.AlreadyExists, Assert.Throws<BlockStoreException>(() => store.CreateSnapshot(id, snapshot)).Error);
        Assert.Equal(BlockStoreError.AlreadyExists, Assert.Throws<BlockStoreException>(() => store.CreateClone(snapshot, id)).Error);
    }

    [Fact]
    public void Create_FromUnknownIds_ThrowsNotFound()
    {
        using var store = BlockStore.Open(_dir.Path);

        Assert.True(Assert.Throws<BlockStoreException>(() => store.CreateSnapshot(Guid.NewGuid(), Guid.NewGuid())).IsNotFound);
        Assert.True(Assert.Throws<BlockStoreException>(() => store.CreateClone(Guid.NewGuid(), Guid.NewGuid())).IsNotFound);
        Assert.True(Assert.Throws<BlockStoreException>(() => store.DeleteSnapshot(Guid.NewGuid())).IsNotFound);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RandomHistoryOfSnapshotsAndClones_EveryImageMatchesTheModel(bool inMemoryStore)
    {
        var random = new Random(42);
        const int chunk = 4096;
        const int size = 256 * 1024;
        using var store = Stores.Open(inMemoryStore, _dir.Path, new BlockStoreOptions { ChunkSize = chunk });
        var model = new StoreModel(chunk);
        var snapshots = new List<Guid>();
        var first = Guid.NewGuid();
        store.CreateVolume(first, size, 512);
        model.CreateVolume(first, size);

        for (int i = 0; i < 300; i++)
        {
            var volumes = model.VolumeIds.ToArray();
            var id = volumes[random.Next(volumes.Length)];
            int length = random.Next(1, 20) * 512;
            long offset = random.Next(0, (size - length) / 512) * 512L;
            switch (random.Next(10))
            {
                case < 5:
                    var data = Bytes.Random(random, length);
                    store.GetVolume(id).Write(offset, data);
                    model.Write(id, offset, data);
                    break;
                case 5:
                    // Whole chunks, received by an in-memory store straight into fresh blocks.
                    long chunkOffset = random.Next(0, (size / chunk) - 3) * (long)chunk;
                    var chunks = Bytes.Random(random, random.Next(1, 4) * chunk);
                    if (inMemoryStore)
                    {
                        Lent.Write(store.GetVolume(id), chunkOffset, chunks);
                    }
                    else
                    {
                        store.GetVolume(id).Write(chunkOffset, chunks);
                    }

                    model.Write(id, chunkOffset, chunks);
                    break;
                case < 8:
                    await store.GetVolume(id).DeallocateAsync(offset, length);
                    model.Deallocate(id, offset, length);
                    break;
                case 8:
                    var snapshot = Guid.NewGuid();
                    store.CreateSnapshot(id, snapshot);
                    model.Snapshot(id, snapshot);
                    snapshots.Add(snapshot);
                    break;
                default:
                    if (snapshots.Count > 0 && volumes.Length < 6)
                    {
                        var clone = Guid.NewGuid();
                        var source = snapshots[random.Next(snapshots.Count)];
                        store.CreateClone(source, clone);
                        model.Clone(source, clone, size);
                    }

                    break;
            }
        }

        foreach (var id in model.VolumeIds)
        {
            Assert.Equal(model.Volume(id), Bytes.Read(store.GetVolume(id), 0, size));
            if (inMemoryStore)
            {
                // Lent reads resolve every chunk through the layers of the snapshots below, like copies.
                Assert.Equal(model.Volume(id), Lent.Read(store.GetVolume(id), 0, size));
            }
        }

        foreach (var snapshot in snapshots)
        {
            Assert.Equal(model.Snapshot(snapshot), Bytes.ReadSnapshot(store, snapshot, 0, size));
        }
    }
}
