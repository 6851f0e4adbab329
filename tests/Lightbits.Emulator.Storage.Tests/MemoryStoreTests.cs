using Lightbits.Emulator.Storage.Tests.TestSupport;

namespace Lightbits.Emulator.Storage.Tests;

/// <summary>
/// What only the in-memory store can get wrong: blocks it recycles between volumes, and the blocks
/// it lends for zero-copy transfers.
/// </summary>
public sealed class MemoryStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private const int Chunk = 64 * 1024;

    [Fact]
    public async Task BlocksOfADeletedVolume_AreReused_AndNothingOfItShowsInTheNextVolume()
    {
        using var store = BlockStore.CreateInMemory();
        var first = Guid.NewGuid();
        var old = store.CreateVolume(first, 16 * Chunk, 512);
        await old.WriteAsync(0, Bytes.Filled(0xAA, 16 * Chunk));
        store.DeleteVolume(first);
        Assert.Equal(0, store.AllocatedBytes);

        var next = store.CreateVolume(Guid.NewGuid(), 16 * Chunk, 512);
        await next.WriteAsync(Chunk + 512, Bytes.Filled(0x55, 512));
        await next.WriteAsync(3 * Chunk, Bytes.Filled(0x66, Chunk));

        var expected = new byte[16 * Chunk];
        Array.Fill(expected, (byte)0x55, Chunk + 512, 512);
        Array.Fill(expected, (byte)0x66, 3 * Chunk, Chunk);
        Assert.Equal(expected, Bytes.Read(next, 0, 16 * Chunk));
        Assert.Equal(2 * Chunk, store.AllocatedBytes);
    }

    [Fact]
    public async Task ReadLease_KeepsTheBytesItLent_WhileTheirChunksAreDeallocatedDeletedAndTheirBlocksWanted()
    {
        using var store = BlockStore.CreateInMemory();
        var first = Guid.NewGuid();
        var volume = store.CreateVolume(first, 4 * Chunk, 512);
        await volume.WriteAsync(0, Bytes.Filled(0xAA, 4 * Chunk));
        using var lease = volume.TryLendForRead(512, (4 * Chunk) - 1024)!;

        await volume.DeallocateAsync(0, 2 * Chunk);
        store.DeleteVolume(first);
        var next = store.CreateVolume(Guid.NewGuid(), 8 * Chunk, 512);
        await next.WriteAsync(0, Bytes.Filled(0x55, 8 * Chunk)); // takes every block the arena has free

        Assert.Equal(Bytes.Filled(0xAA, (4 * Chunk) - 1024), Lent.Concatenate(lease.Segments, (4 * Chunk) - 1024));
        Assert.Equal(Bytes.Filled(0x55, 8 * Chunk), Bytes.Read(next, 0, 8 * Chunk));
    }

    [Fact]
    public async Task ReadLease_OfUnwrittenAndDeallocatedChunks_LendsZeros()
    {
        using var store = BlockStore.CreateInMemory();
        var volume = store.CreateVolume(Guid.NewGuid(), 4 * Chunk, 512);
        await volume.WriteAsync(Chunk, Bytes.Filled(7, 2 * Chunk));
        await volume.DeallocateAsync(2 * Chunk, Chunk);

        var expected = new byte[4 * Chunk];
        Array.Fill(expected, (byte)7, Chunk, Chunk);
        Assert.Equal(expected, Lent.Read(volume, 0, 4 * Chunk));
    }

    [Fact]
    public async Task WriteLease_IsInvisibleUntilCommitted_AndDisposedUncommittedLeavesNothing()
    {
        using var store = BlockStore.CreateInMemory();
        var volume = store.CreateVolume(Guid.NewGuid(), 4 * Chunk, 512);
        await volume.WriteAsync(0, Bytes.Filled(1, Chunk));
        var before = Bytes.Read(volume, 0, 4 * Chunk);

        using (var abandoned = volume.TryLendForWrite(0, 2 * Chunk)!)
        {
            Lent.Fill(abandoned, Bytes.Filled(2, 2 * Chunk));
            Assert.Equal(before, Bytes.Read(volume, 0, 4 * Chunk));
        }

        Assert.Equal(before, Bytes.Read(volume, 0, 4 * Chunk));
        Assert.Equal(Chunk, store.AllocatedBytes);

        using var lease = volume.TryLendForWrite(0, 2 * Chunk)!;
        Lent.Fill(lease, Bytes.Filled(3, 2 * Chunk));
        lease.Commit();

        Assert.Equal([.. Bytes.Filled(3, 2 * Chunk), .. new byte[2 * Chunk]], Bytes.Read(volume, 0, 4 * Chunk));
        Assert.Equal(2 * Chunk, store.AllocatedBytes);
        Assert.Throws<InvalidOperationException>(lease.Commit);
    }

    [Fact]
    public async Task WriteLease_OverChunksAReadLeaseHolds_ReplacesThemForTheVolumeOnly()
    {
        using var store = BlockStore.CreateInMemory();
        var volume = store.CreateVolume(Guid.NewGuid(), 2 * Chunk, 512);
        await volume.WriteAsync(0, Bytes.Filled(0x11, 2 * Chunk));
        using var reading = volume.TryLendForRead(0, 2 * Chunk)!;

        Lent.Write(volume, 0, Bytes.Filled(0x22, 2 * Chunk));
        Lent.Write(store.CreateVolume(Guid.NewGuid(), 2 * Chunk, 512), 0, Bytes.Filled(0x33, 2 * Chunk));

        Assert.Equal(Bytes.Filled(0x11, 2 * Chunk), Lent.Concatenate(reading.Segments, 2 * Chunk));
        Assert.Equal(Bytes.Filled(0x22, 2 * Chunk), Bytes.Read(volume, 0, 2 * Chunk));
        Assert.Equal(4 * Chunk, store.AllocatedBytes);
    }

    [Fact]
    public async Task WriteLease_PastCapacity_ThrowsOutOfSpace_KeepsTheChunksBefore_AndLeaksNoSpace()
    {
        using var store = BlockStore.CreateInMemory(new BlockStoreOptions { CapacityBytes = 3 * Chunk });
        var volume = store.CreateVolume(Guid.NewGuid(), 4 * Chunk, 512);
        await volume.WriteAsync(0, Bytes.Filled(1, Chunk));

        using (var lease = volume.TryLendForWrite(0, 4 * Chunk)!)
        {
            Lent.Fill(lease, Bytes.Filled(7, 4 * Chunk));
            Assert.Throws<OutOfSpaceException>(lease.Commit);
        }

        // Chunk 0 was overwritten in place of its old block, 1 and 2 took the space left, 3 found none.
        Assert.Equal([.. Bytes.Filled(7, 3 * Chunk), .. new byte[Chunk]], Bytes.Read(volume, 0, 4 * Chunk));
        Assert.Equal(3 * Chunk, store.AllocatedBytes);
        await volume.DeallocateAsync(0, 4 * Chunk);
        Assert.Equal(0, store.AllocatedBytes);
    }

    [Fact]
    public async Task WriteLease_CommittedAfterASnapshot_ChangesTheVolumeNotTheSnapshot()
    {
        using var store = BlockStore.CreateInMemory();
        var id = Guid.NewGuid();
        var volume = store.CreateVolume(id, 2 * Chunk, 512);
        await volume.WriteAsync(0, Bytes.Filled(4, 2 * Chunk));
        using var lease = volume.TryLendForWrite(0, Chunk)!;
        Lent.Fill(lease, Bytes.Filled(5, Chunk));

        var snapshot = Guid.NewGuid();
        store.CreateSnapshot(id, snapshot);
        lease.Commit();

        Assert.Equal(Bytes.Filled(4, 2 * Chunk), Bytes.ReadSnapshot(store, snapshot, 0, 2 * Chunk));
        Assert.Equal([.. Bytes.Filled(5, Chunk), .. Bytes.Filled(4, Chunk)], Bytes.Read(volume, 0, 2 * Chunk));
    }

    [Fact]
    public void Lending_IsDeclined_ForFileStores_AndForWritesNotOfWholeChunks()
    {
        using (var files = BlockStore.Open(_dir.Path))
        {
            var onDisk = files.CreateVolume(Guid.NewGuid(), 4 * Chunk, 512);
            Assert.Null(onDisk.TryLendForRead(0, Chunk));
            Assert.Null(onDisk.TryLendForWrite(0, Chunk));
        }

        using var store = BlockStore.CreateInMemory();
        var volume = store.CreateVolume(Guid.NewGuid(), 4 * Chunk, 512);
        Assert.Null(volume.TryLendForWrite(512, Chunk));
        Assert.Null(volume.TryLendForWrite(0, Chunk + 512));
        using var wholeChunks = volume.TryLendForWrite(Chunk, 2 * Chunk);
        Assert.NotNull(wholeChunks);
        Assert.Throws<ArgumentOutOfRangeException>(() => volume.TryLendForRead(3 * Chunk, 2 * Chunk));
    }
}
