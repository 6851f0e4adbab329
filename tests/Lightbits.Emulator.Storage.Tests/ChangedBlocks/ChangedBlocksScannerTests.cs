using Lightbits.Emulator.Storage.ChangedBlocks;
using Lightbits.Emulator.Storage.Tests.TestSupport;

namespace Lightbits.Emulator.Storage.Tests.ChangedBlocks;

public sealed class ChangedBlocksScannerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void WithoutBase_ReportsWrittenChunksAsOneRangePerRunWithAnLsbFirstBitmap()
    {
        using var store = BlockStore.Open(_dir.Path, new BlockStoreOptions { ChunkSize = 4096 });
        var id = Guid.NewGuid();
        var volume = store.CreateVolume(id, 1 << 20, 512);
        volume.Write(512, new byte[512]);          // LBA 1 → chunk 0 = LBAs 0..7
        volume.Write(200 * 512, new byte[512]);    // LBA 200 → chunk 25 = LBAs 200..207
        var snapshot = Guid.NewGuid();
        store.CreateSnapshot(id, snapshot);

        var page = store.GetChangedBlocks(snapshot);

        Assert.Equal(0, page.NextOffsetLba);
        Assert.Collection(
            page.LbaRanges,
            r =>
            {
                Assert.Equal((0L, 64L), (r.LbaStart, r.LbaEnd));
                Assert.Equal([0xFF, 0, 0, 0, 0, 0, 0, 0], r.DataBitmap);
            },
            r =>
            {
                Assert.Equal((192L, 256L), (r.LbaStart, r.LbaEnd));
                Assert.Equal([0, 0xFF, 0, 0, 0, 0, 0, 0], r.DataBitmap);
            });
    }

    [Fact]
    public void CloneSnapshot_WithoutBase_IncludesBlocksInheritedFromItsParentSnapshot()
    {
        using var store = BlockStore.Open(_dir.Path, new BlockStoreOptions { ChunkSize = 4096 });
        var id = Guid.NewGuid();
        store.CreateVolume(id, 1 << 20).Write(0, new byte[4096]);
        var parent = Guid.NewGuid();
        store.CreateSnapshot(id, parent);
        var clone = store.CreateClone(parent, Guid.NewGuid());
        clone.Write(64 * 4096, new byte[4096]);
        var snapshot = Guid.NewGuid();
        store.CreateSnapshot(clone.Id, snapshot);

        Assert.Equal([0L, 64L], Lbas(store.GetChangedBlocks(snapshot)));
        Assert.Equal([64L], Lbas(store.GetChangedBlocks(snapshot, parent)));
    }

    [Fact]
    public void SinceVolumeCreation_CloneSnapshotLeavesOutInheritedBlocks_AndAVolumeCreatedEmptyListsEverything()
    {
        using var store = BlockStore.Open(_dir.Path, new BlockStoreOptions { ChunkSize = 4096 });
        var id = Guid.NewGuid();
        var volume = store.CreateVolume(id, 1 << 20);
        volume.Write(0, new byte[4096]);
        var first = Guid.NewGuid();
        store.CreateSnapshot(id, first);
        volume.Write(8 * 4096, new byte[4096]);
        var parent = Guid.NewGuid();
        store.CreateSnapshot(id, parent);
        var clone = store.CreateClone(parent, Guid.NewGuid());
        clone.Write(64 * 4096, new byte[4096]);
        var middle = Guid.NewGuid();
        store.CreateSnapshot(clone.Id, middle);
        clone.Write(128 * 4096, new byte[4096]);
        var snapshot = Guid.NewGuid();
        store.CreateSnapshot(clone.Id, snapshot);

        Assert.Equal([64L, 128L], Lbas(store.GetChangedBlocks(snapshot, sinceVolumeCreation: true)));
        Assert.Equal([0L, 8L], Lbas(store.GetChangedBlocks(parent, sinceVolumeCreation: true)));
        Assert.Equal([128L], Lbas(store.GetChangedBlocks(snapshot, middle, sinceVolumeCreation: true)));
    }

    [Fact]
    public void LastChunkReachingPastTheVolumesEnd_EndsTheListingWithOneRange()
    {
        using var store = BlockStore.Open(_dir.Path);
        var id = Guid.NewGuid();
        store.CreateVolume(id, 259 * 4096).Write(258 * 4096, new byte[4096]);
        var snapshot = Guid.NewGuid();
        store.CreateSnapshot(id, snapshot);

        var page = store.GetChangedBlocks(snapshot);

        Assert.Equal(0, page.NextOffsetLba);
        Assert.Equal((256L, 259L), (page.LbaRanges.Single().LbaStart, page.LbaRanges.Single().LbaEnd));
    }

    [Fact]
    public async Task DeallocatedChunks_DoNotCount()
    {
        using var store = BlockStore.Open(_dir.Path, new BlockStoreOptions { ChunkSize = 4096 });
        var id = Guid.NewGuid();
        var volume = store.CreateVolume(id, 1 << 20);
        volume.Write(0, new byte[3 * 4096]);
        var first = Guid.NewGuid();
        store.CreateSnapshot(id, first);
        await volume.DeallocateAsync(4096, 4096);
        var second = Guid.NewGuid();
        store.CreateSnapshot(id, second);

        Assert.Equal([0L, 2L], Lbas(store.GetChangedBlocks(second)));
        Assert.Empty(Lbas(store.GetChangedBlocks(second, first)));
    }

    [Theory]
    [InlineData(4096, 512, 7)]
    [InlineData(4096, 4096, 8)]
    [InlineData(64 * 1024, 512, 9)]
    [InlineData(64 * 1024, 4096, 10)]
    public async Task RandomHistory_WithAndWithoutBase_MatchesTheModelAndPagesThroughEveryRange(int chunkSize, int sectorSize, int seed)
    {
        var random = new Random(seed);
        const int size = 8 << 20;
        using var store = BlockStore.Open(_dir.Path, new BlockStoreOptions { ChunkSize = chunkSize });
        var model = new StoreModel(chunkSize);
        var id = Guid.NewGuid();
        var volume = store.CreateVolume(id, size, sectorSize);
        model.CreateVolume(id, size);
        var snapshots = new List<Guid>();

        for (int i = 0; i < 200; i++)
        {
            int length = random.Next(1, 2 * chunkSize / sectorSize) * sectorSize;
            long offset = random.NextInt64(0, (size - length) / sectorSize) * sectorSize;
            if (random.Next(4) == 0)
            {
                await volume.DeallocateAsync(offset, length);
                model.Deallocate(id, offset, length);
            }
            else
            {
                volume.Write(offset, new byte[length]);
                model.Write(id, offset, new byte[length]);
            }

            if (i % 50 == 49)
            {
                var snapshot = Guid.NewGuid();
                store.CreateSnapshot(id, snapshot);
                model.Snapshot(id, snapshot);
                snapshots.Add(snapshot);
            }
        }

        long lbasPerChunk = chunkSize / sectorSize;
        for (int s = 0; s < snapshots.Count; s++)
        {
            for (int b = -1; b < s; b++)
            {
                Guid? baseId = b < 0 ? null : snapshots[b];
                var expected = model.ChangedChunks(snapshots[s], baseId)
                    .SelectMany(c => Enumerable.Range(0, (int)lbasPerChunk).Select(l => (c * lbasPerChunk) + l))
                    .ToArray();

                Assert.Equal(expected, AllPages(store, snapshots[s], baseId, maxRanges: 3));
            }
        }
    }

    [Fact]
    public void Paging_StartsAtTheOffsetAlignedDownTo64AndEndsWithZero()
    {
        using var store = BlockStore.Open(_dir.Path, new BlockStoreOptions { ChunkSize = 4096 });
        var id = Guid.NewGuid();
        var volume = store.CreateVolume(id, 4 << 20, 4096);
        for (int lba = 0; lba < 1024; lba += 128)
        {
            volume.Write(lba * 4096L, new byte[4096]);
        }

        var snapshot = Guid.NewGuid();
        store.CreateSnapshot(id, snapshot);

        var page = store.GetChangedBlocks(snapshot, offsetLba: 300, maxRanges: 2);

        Assert.Equal([256L, 384L], page.LbaRanges.Select(r => r.LbaStart));
        Assert.Equal(448, page.NextOffsetLba);
        var last = store.GetChangedBlocks(snapshot, offsetLba: 896, maxRanges: 2);
        Assert.Equal([896L], last.LbaRanges.Select(r => r.LbaStart));
        Assert.Equal(0, last.NextOffsetLba);
    }

    [Fact]
    public void DenseData_IsSplitIntoRangesOfAtMost64KiLbas()
    {
        using var store = BlockStore.Open(_dir.Path);
        var id = Guid.NewGuid();
        store.CreateVolume(id, 128 << 20, 512).Write(0, new byte[128 << 20]);
        var snapshot = Guid.NewGuid();
        store.CreateSnapshot(id, snapshot);

        var page = store.GetChangedBlocks(snapshot);

        Assert.Equal(4, page.LbaRanges.Count);
        Assert.All(page.LbaRanges, r => Assert.Equal(65536, r.LbaEnd - r.LbaStart));
        Assert.All(page.LbaRanges, r => Assert.All(r.DataBitmap, b => Assert.Equal(0xFF, b)));
    }

    [Fact]
    public void Errors_AreDistinctForUnknownSameOffChainAndPastTheEnd()
    {
        using var store = BlockStore.Open(_dir.Path);
        var a = Guid.NewGuid();
        store.CreateVolume(a, 1 << 20);
        var older = Guid.NewGuid();
        var newer = Guid.NewGuid();
        store.CreateSnapshot(a, older);
        store.CreateSnapshot(a, newer);
        var b = Guid.NewGuid();
        store.CreateVolume(b, 1 << 20);
        var other = Guid.NewGuid();
        store.CreateSnapshot(b, other);

        Assert.Equal(BlockStoreError.SnapshotNotFound, Error(() => store.GetChangedBlocks(Guid.NewGuid())));
        Assert.Equal(BlockStoreError.BaseSnapshotNotFound, Error(() => store.GetChangedBlocks(newer, Guid.NewGuid())));
        Assert.Equal(BlockStoreError.SameSnapshot, Error(() => store.GetChangedBlocks(newer, newer)));
        Assert.Equal(BlockStoreError.BaseNotOnChain, Error(() => store.GetChangedBlocks(newer, other)));
        Assert.Equal(BlockStoreError.BaseNotOnChain, Error(() => store.GetChangedBlocks(older, newer)));
        Assert.Equal(BlockStoreError.OffsetPastEnd, Error(() => store.GetChangedBlocks(newer, offsetLba: 256)));
        Assert.Empty(store.GetChangedBlocks(newer, older).LbaRanges);
    }

    private static BlockStoreError Error(Action action) => Assert.Throws<BlockStoreException>(action).Error;

    private static long[] AllPages(BlockStore store, Guid snapshot, Guid? baseId, int maxRanges)
    {
        var lbas = new List<long>();
        long offset = 0;
        do
        {
            var page = store.GetChangedBlocks(snapshot, baseId, offset, maxRanges);
            Assert.True(page.LbaRanges.Count <= maxRanges);
            foreach (var range in page.LbaRanges)
            {
                Assert.Equal(0, range.LbaStart % 64);
                Assert.Equal(0, (range.LbaEnd - range.LbaStart) % 64);
            }

            lbas.AddRange(Lbas(page));
            offset = page.NextOffsetLba;
        }
        while (offset != 0);

        return [.. lbas];
    }

    private static long[] Lbas(ChangedBlocksPage page) =>
        [.. page.LbaRanges.SelectMany(r => Enumerable.Range(0, (int)(r.LbaEnd - r.LbaStart))
            .Where(i => (r.DataBitmap[i / 8] & (1 << (i % 8))) != 0)
            .Select(i => r.LbaStart + i))];
}
