using Lightbits.Emulator.Storage.Tests.TestSupport;

namespace Lightbits.Emulator.Storage.Tests;

public sealed class BlockStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Reopen_AfterDispose_KeepsVolumesSnapshotsClonesAndData()
    {
        var volumeId = Guid.NewGuid();
        var snapshotId = Guid.NewGuid();
        var cloneId = Guid.NewGuid();
        using (var store = BlockStore.Open(_dir.Path))
        {
            var volume = store.CreateVolume(volumeId, 8 << 20, 512);
            await volume.WriteAsync(0, Bytes.Filled(1, 1 << 20));
            store.CreateSnapshot(volumeId, snapshotId);
            await volume.WriteAsync(0, Bytes.Filled(2, 4096));
            store.CreateClone(snapshotId, cloneId, 16 << 20).Write(1 << 20, Bytes.Filled(3, 512));
            await volume.DeallocateAsync(512 * 1024, 512 * 1024);
        }

        using var reopened = BlockStore.Open(_dir.Path);

        var again = reopened.GetVolume(volumeId);
        Assert.Equal((8 << 20, 512), (again.SizeBytes, again.SectorSize));
        Assert.Equal(Bytes.Filled(2, 4096), Bytes.Read(again, 0, 4096));
        Assert.Equal(Bytes.Filled(1, 4096), Bytes.Read(again, 4096, 4096));
        Assert.All(Bytes.Read(again, 512 * 1024, 512 * 1024), b => Assert.Equal(0, b));
        Assert.Equal(Bytes.Filled(1, 1 << 20), Bytes.ReadSnapshot(reopened, snapshotId, 0, 1 << 20));
        var clone = reopened.GetVolumeInfo(cloneId);
        Assert.Equal((16L << 20, (Guid?)snapshotId), (clone.SizeBytes, clone.SourceSnapshotId));
        Assert.Equal(Bytes.Filled(3, 512), Bytes.Read(reopened.GetVolume(cloneId), 1 << 20, 512));
        Assert.Equal(reopened.ListVolumes().Sum(v => v.AllocatedBytes) + reopened.ListSnapshots().Sum(s => s.AllocatedBytes), reopened.AllocatedBytes);
    }

    [Fact]
    public async Task Crash_AfterWriteAndFlush_LosesNothingThatWasFlushed()
    {
        var id = Guid.NewGuid();
        var flushed = Bytes.Random(new Random(1), 3 << 20);
        var abandoned = BlockStore.Open(_dir.Path);
        var volume = abandoned.CreateVolume(id, 16 << 20);
        await volume.WriteAsync(4096, flushed);
        await volume.FlushAsync();
        await volume.WriteAsync(8 << 20, Bytes.Filled(9, 1 << 20)); // not flushed: may be lost, must not hurt the rest

        // The abandoned store is never disposed: no flush, no close, as after SIGKILL.
        using var reopened = BlockStore.Open(_dir.Path);

        Assert.Equal(flushed, Bytes.Read(reopened.GetVolume(id), 4096, 3 << 20));
        Assert.Equal((3 << 20) + reopened.ChunkSize, reopened.AllocatedBytes);
        if (OperatingSystem.IsLinux())
        {
            // The unflushed megabyte reached the data file but no map record points at it: reopening punches it out.
            Assert.True(DiskUsage.Of(_dir.Path) < (3 << 20) + (512 << 10), $"{DiskUsage.Of(_dir.Path)} bytes on disk");
        }

        GC.KeepAlive(abandoned);
    }

    [Fact]
    public async Task Crash_WithATornMapLogTail_OpensAndKeepsEarlierFlushes()
    {
        var id = Guid.NewGuid();
        using (var store = BlockStore.Open(_dir.Path))
        {
            var volume = store.CreateVolume(id, 16 << 20);
            await volume.WriteAsync(0, Bytes.Filled(1, 1 << 20));
            await volume.FlushAsync();
            await volume.WriteAsync(4 << 20, Bytes.Filled(2, 1 << 20));
        }

        string map = Directory.GetFiles(Path.Combine(_dir.Path, "layers"), "*.map").Single();
        using (var stream = new FileStream(map, FileMode.Open))
        {
            stream.SetLength(stream.Length - 5);   // the last record half-written
            stream.Seek(0, SeekOrigin.End);
            stream.Write([0xDE, 0xAD, 0xBE]);      // and garbage after it
        }

        using var reopened = BlockStore.Open(_dir.Path);

        var again = reopened.GetVolume(id);
        Assert.Equal(Bytes.Filled(1, 1 << 20), Bytes.Read(again, 0, 1 << 20));
        var tail = Bytes.Read(again, 4 << 20, 1 << 20);
        Assert.Equal(Bytes.Filled(2, (1 << 20) - reopened.ChunkSize), tail[..^reopened.ChunkSize]);
        Assert.True(tail[^reopened.ChunkSize..].All(b => b == 0) || tail[^reopened.ChunkSize..].All(b => b == 2));
        await again.WriteAsync((16 << 20) - 4096, Bytes.Filled(3, 4096));
    }

    [Fact]
    public void Crash_BeforeTheCatalogRename_LeavesTheOldCatalogAndRemovesOrphanLayers()
    {
        var id = Guid.NewGuid();
        using (var store = BlockStore.Open(_dir.Path))
        {
            store.CreateVolume(id, 1 << 20);
        }

        File.WriteAllText(Path.Combine(_dir.Path, "catalog.json.tmp"), "{ torn");
        File.WriteAllText(Path.Combine(_dir.Path, "layers", "L99999999.data"), "orphan");

        using var reopened = BlockStore.Open(_dir.Path);

        Assert.Equal(id, reopened.ListVolumes().Single().Id);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "layers", "L99999999.data")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Quota_WriteNeedingSpaceBeyondCapacity_ThrowsOutOfSpaceAndOverwritesStillWork(bool inMemoryStore)
    {
        const int chunk = 64 * 1024;
        using var store = Stores.Open(inMemoryStore, _dir.Path, new BlockStoreOptions { CapacityBytes = 4 * chunk });
        var id = Guid.NewGuid();
        var volume = store.CreateVolume(id, 1 << 30);
        await volume.WriteAsync(0, Bytes.Filled(1, 4 * chunk));

        var error = await Assert.ThrowsAsync<OutOfSpaceException>(() => volume.WriteAsync(1 << 20, new byte[4096]).AsTask());
        Assert.Equal(BlockStoreError.OutOfSpace, error.Error);

        await volume.WriteAsync(0, Bytes.Filled(2, 4096));
        await volume.DeallocateAsync(chunk, chunk);
        await volume.WriteAsync(1 << 20, Bytes.Filled(3, 4096));
        Assert.Equal(4 * chunk, store.AllocatedBytes);

        store.CreateSnapshot(id, Guid.NewGuid());
        await Assert.ThrowsAsync<OutOfSpaceException>(() => volume.WriteAsync(0, new byte[4096]).AsTask());
        Assert.Equal(Bytes.Filled(2, 4096), Bytes.Read(volume, 0, 4096));
    }

    [SkippableFact]
    public void OneTiBVolume_WithAFewMiBWritten_CostsOnlyWhatWasWrittenOnDiskAndInMemory()
    {
        using var store = BlockStore.Open(_dir.Path);
        var id = Guid.NewGuid();
        // Counted on this thread only: other tests allocate in parallel. The I/O below is synchronous.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var volume = store.CreateVolume(id, 1L << 40);
        var data = Bytes.Filled(5, 1 << 20);
        for (int i = 0; i < 8; i++)
        {
            volume.Write(i * (127L << 30), data);
        }

        store.Flush();
        long allocatedMemory = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(8 << 20, store.AllocatedBytes);
        Assert.Equal(8 << 20, volume.AllocatedBytes);
        Assert.True(allocatedMemory < 2 << 20, $"{allocatedMemory} bytes allocated");
        long onDisk = DiskUsage.Of(_dir.Path);
        Assert.True(onDisk < 16 << 20, $"{onDisk} bytes on disk");
    }
}
