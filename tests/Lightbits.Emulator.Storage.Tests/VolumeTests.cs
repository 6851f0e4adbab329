using Lightbits.Emulator.Storage.Tests.TestSupport;

namespace Lightbits.Emulator.Storage.Tests;

public sealed class VolumeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Read_NeverWrittenVolume_ReturnsZeros()
    {
        using var store = BlockStore.Open(_dir.Path);
        var volume = store.CreateVolume(Guid.NewGuid(), 1L << 40);

        Assert.All(Bytes.Read(volume, (1L << 40) - (1 << 20), 1 << 20), b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(4096, 512, 1, false)]
    [InlineData(4096, 4096, 2, false)]
    [InlineData(64 * 1024, 512, 3, false)]
    [InlineData(64 * 1024, 4096, 4, false)]
    [InlineData(4096, 512, 5, true)]
    [InlineData(64 * 1024, 512, 6, true)]
    public async Task RandomWritesReadsAndDeallocates_MatchAnInMemoryModel(int chunkSize, int sectorSize, int seed, bool inMemoryStore)
    {
        var random = new Random(seed);
        const long size = 4L << 20;
        using var store = Stores.Open(inMemoryStore, _dir.Path, new BlockStoreOptions { ChunkSize = chunkSize });
        var id = Guid.NewGuid();
        var volume = store.CreateVolume(id, size, sectorSize);
        var model = new StoreModel(chunkSize);
        model.CreateVolume(id, size);

        for (int i = 0; i < 400; i++)
        {
            int sectors = random.Next(1, 3 * chunkSize / sectorSize);
            long offset = random.NextInt64(0, (size / sectorSize) - sectors + 1) * sectorSize;
            int length = sectors * sectorSize;
            switch (random.Next(5))
            {
                case 0 or 1:
                    var data = Bytes.Random(random, length);
                    await volume.WriteAsync(offset, data);
                    model.Write(id, offset, data);
                    break;
                case 2:
                    await volume.DeallocateAsync(offset, length);
                    model.Deallocate(id, offset, length);
                    break;
                case 3:
                    // Whole chunks: what the in-memory store receives straight into fresh blocks.
                    long chunkOffset = random.NextInt64(0, (size / chunkSize) - 2) * chunkSize;
                    var chunks = Bytes.Random(random, random.Next(1, 3) * chunkSize);
                    if (inMemoryStore)
                    {
                        Lent.Write(volume, chunkOffset, chunks);
                    }
                    else
                    {
                        await volume.WriteAsync(chunkOffset, chunks);
                    }

                    model.Write(id, chunkOffset, chunks);
                    break;
                default:
                    var read = new byte[length];
                    if (inMemoryStore && random.Next(2) == 0)
                    {
                        read = Lent.Read(volume, offset, length);
                    }
                    else
                    {
                        await volume.ReadAsync(offset, read);
                    }

                    Assert.Equal(model.Volume(id).AsSpan((int)offset, length).ToArray(), read);
                    break;
            }
        }

        Assert.Equal(model.Volume(id), Bytes.Read(volume, 0, (int)size));
    }

    [Fact]
    public async Task Deallocate_WholeChunks_FreesTheirSpaceAndReadsZeros()
    {
        using var store = BlockStore.Open(_dir.Path);
        var volume = store.CreateVolume(Guid.NewGuid(), 4L << 20);
        volume.Write(0, Bytes.Filled(7, 1 << 20));
        Assert.Equal(1 << 20, store.AllocatedBytes);

        await volume.DeallocateAsync(0, 1 << 20);

        Assert.Equal(0, store.AllocatedBytes);
        Assert.Equal(0, volume.AllocatedBytes);
        Assert.All(Bytes.Read(volume, 0, 1 << 20), b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(512, 4096, "offset")]
    [InlineData(4096, 1000, "source")]
    public void Write_UnalignedToTheSectorSize_IsRejectedNamingTheParameter(long offset, int length, string parameter)
    {
        using var store = BlockStore.Open(_dir.Path);
        var volume = store.CreateVolume(Guid.NewGuid(), 1 << 20, 4096);

        var error = Assert.ThrowsAny<ArgumentException>(() => volume.Write(offset, new byte[length]));

        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public async Task ReadAndDeallocate_Unaligned_AreRejectedNamingTheParameter()
    {
        using var store = BlockStore.Open(_dir.Path);
        var volume = store.CreateVolume(Guid.NewGuid(), 1 << 20, 512);

        Assert.Equal("offset", Assert.ThrowsAny<ArgumentException>(() => volume.Read(100, new byte[512])).ParamName);
        Assert.Equal("destination", Assert.ThrowsAny<ArgumentException>(() => volume.Read(0, new byte[100])).ParamName);
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => volume.DeallocateAsync(0, 100).AsTask());
        Assert.Equal("length", error.ParamName);
    }

    [Fact]
    public void Write_PastTheEnd_IsRejected()
    {
        using var store = BlockStore.Open(_dir.Path);
        var volume = store.CreateVolume(Guid.NewGuid(), 1 << 20, 4096);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => volume.Write((1 << 20) - 4096, new byte[8192]));

        Assert.Equal("offset", error.ParamName);
    }

    [Fact]
    public void Resize_Grow_KeepsDataAndNewSpaceReadsZeros()
    {
        using var store = BlockStore.Open(_dir.Path);
        var id = Guid.NewGuid();
        var volume = store.CreateVolume(id, 1 << 20);
        volume.Write(0, Bytes.Filled(1, 4096));

        store.ResizeVolume(id, 2 << 20);

        Assert.Equal(2 << 20, volume.SizeBytes);
        Assert.Equal(Bytes.Filled(1, 4096), Bytes.Read(volume, 0, 4096));
        Assert.All(Bytes.Read(volume, 1 << 20, 1 << 20), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Resize_ShrinkWithoutTheFlag_IsRefused()
    {
        using var store = BlockStore.Open(_dir.Path);
        var id = Guid.NewGuid();
        store.CreateVolume(id, 2 << 20);

        var error = Assert.Throws<BlockStoreException>(() => store.ResizeVolume(id, 1 << 20));

        Assert.Equal(BlockStoreError.ShrinkNotAllowed, error.Error);
    }

    [Fact]
    public void Resize_ShrinkThenGrow_CutOffTailReadsZerosEvenWhereASnapshotHoldsData()
    {
        using var store = BlockStore.Open(_dir.Path);
        var id = Guid.NewGuid();
        var volume = store.CreateVolume(id, 1 << 20);
        volume.Write(0, Bytes.Filled(9, 1 << 20));
        var snapshot = Guid.NewGuid();
        store.CreateSnapshot(id, snapshot);

        store.ResizeVolume(id, 100 * 1024, allowShrink: true);
        store.ResizeVolume(id, 1 << 20);

        Assert.Equal(Bytes.Filled(9, 100 * 1024), Bytes.Read(volume, 0, 100 * 1024));
        Assert.All(Bytes.Read(volume, 100 * 1024, (1 << 20) - (100 * 1024)), b => Assert.Equal(0, b));
        Assert.Equal(Bytes.Filled(9, 1 << 20), Bytes.ReadSnapshot(store, snapshot, 0, 1 << 20));
    }

    [Fact]
    public async Task ConcurrentWriters_ToDifferentRegionsOfOneVolume_AllLand()
    {
        using var store = BlockStore.Open(_dir.Path);
        var id = Guid.NewGuid();
        var volume = store.CreateVolume(id, 64L << 20);
        store.CreateSnapshot(id, Guid.NewGuid());

        // 8 writers interleave 4 KiB blocks, so they meet inside the same fresh chunks (copy-on-write races).
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (long block = w; block < (16L << 20) / 4096; block += 8)
            {
                await volume.WriteAsync(block * 4096, Bytes.Filled((byte)(w + 1), 4096));
            }
        }));
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var buffer = new byte[1 << 20];
            for (int i = 0; i < 50; i++)
            {
                volume.Read((i % 16) * (1L << 20), buffer);
            }
        }));
        await Task.WhenAll(writers.Concat(readers));

        var all = Bytes.Read(volume, 0, 16 << 20);
        for (int block = 0; block < (16 << 20) / 4096; block++)
        {
            Assert.True(all.AsSpan(block * 4096, 4096).IndexOfAnyExcept((byte)((block % 8) + 1)) < 0, $"block {block}");
        }
    }
}
