using Dms.Cloning.Copy;
using Dms.Cloning.Planning;
using Dms.Cloning.Verification;

namespace Dms.Cloning.Tests.Planning;

public sealed class CopyPlannerTests
{
    private const long MiB = 1 << 20, TiB = 1L << 40;
    private static readonly PlanGeometry FourK = new(SourceCapacity: 64 * MiB, SourceSectorSize: 4096, DestinationSectorSize: 4096, IoSize: (int)MiB);

    private static async IAsyncEnumerable<BlockExtent> Listing(params BlockExtent[] extents)
    {
        foreach (var extent in extents)
        {
            yield return extent;
        }
        await Task.CompletedTask;
    }

    private static async IAsyncEnumerable<BlockExtent> Unknown()
    {
        await Task.CompletedTask;
        throw new AllocationUnknownException("501 Not Implemented");
#pragma warning disable CS0162 // an iterator needs a yield to be one
        yield break;
#pragma warning restore CS0162
    }

    [Fact]
    public async Task OrderedListing_BecomesTheExtentsInBytes()
    {
        var plan = await CopyPlanner.PlanAsync(Listing(new(0, 256), new(1024, 16)), FourK, default);

        Assert.Equal([new ByteExtent(0, MiB), new ByteExtent(4 * MiB, 64 << 10)], plan.Extents);
        Assert.False(plan.IsFullScan);
    }

    [Fact]
    public async Task SmallSourceSectors_RoundOutwardsToTheLargerSector_AndMergeWhereTheyMeet()
    {
        var geometry = FourK with { SourceSectorSize = 512 };

        var plan = await CopyPlanner.PlanAsync(Listing(new(1, 2), new(5, 1), new(64, 8)), geometry, default);

        Assert.Equal([new ByteExtent(0, 4096), new ByteExtent(32768, 4096)], plan.Extents);
    }

    [Theory]
    [InlineData(1024, 16, 512, 16, "comes after")]       // out of order
    [InlineData(0, 64, 32, 64, "overlaps")]              // overlapping
    [InlineData(16380, 8, 0, 0, "past the end")]         // beyond 64 MiB = 16384 blocks
    public async Task UnusableListing_FailsPermanently_NamingTheBadRange(long start, long count, long nextStart, long nextCount, string problem)
    {
        var first = new BlockExtent((ulong)start, (ulong)count);
        var listing = nextCount == 0 ? Listing(first) : Listing(first, new BlockExtent((ulong)nextStart, (ulong)nextCount));

        var error = await Assert.ThrowsAsync<CopyException>(() => CopyPlanner.PlanAsync(listing, FourK, default));

        Assert.False(error.IsRetryable);
        Assert.Equal(CopySide.Source, error.Side);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        var bad = nextCount == 0 ? (start, start + count) : (nextStart, nextStart + nextCount);
        Assert.Contains($"blocks [{bad.Item1}, {bad.Item2})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourceThatCannotListItsBlocks_IsScannedWhole()
    {
        var plan = await CopyPlanner.PlanAsync(Unknown(), FourK, default);

        Assert.True(plan.IsFullScan);
        Assert.Equal([new ByteExtent(0, 64 * MiB)], plan.Extents);
    }

    [Fact]
    public void FullScan_ForAListThatCannotBeTrusted_IsTheWholeVolume()
    {
        var plan = CopyPlanner.FullScan(FourK);

        Assert.True(plan.IsFullScan);
        Assert.Equal([new ByteExtent(0, 64 * MiB)], plan.Extents);
    }

    [Fact]
    public async Task PlanOf64TiBWith1GiBOfData_StaysUnder32MiB()
    {
        // 1 GiB of data as 1024 extents spread over a 64 TiB volume (issue 12 item 8: a plan per chunk
        // of the volume took ≈ 1.6 GiB). Measured as bytes allocated: deterministic, unlike RSS.
        var geometry = new PlanGeometry(64 * TiB, 4096, 4096, (int)MiB);
        var stride = 64 * TiB / 1024 / 4096;
        var extents = Enumerable.Range(0, 1024).Select(i => new BlockExtent((ulong)(i * stride), 256)).ToArray();

        var before = GC.GetAllocatedBytesForCurrentThread();
        // The listing completes synchronously, so the whole build runs on this thread.
        var plan = await CopyPlanner.PlanAsync(Listing(extents), geometry, default);
        var checksums = new ChecksumLog(plan.ChunkCount);
        var cover = VolumeCover.Of(plan);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1L << 30, plan.PlannedBytes);
        Assert.Equal(64 * TiB / MiB, cover.Pieces.Count);
        GC.KeepAlive(checksums);
        Assert.True(allocated < 32 * MiB, $"planning 64 TiB with 1 GiB of data allocated {allocated} bytes");
    }

    [Fact]
    public void FullScanOf64TiB_StaysUnder32MiB()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var plan = CopyPlan.Full(64 * TiB, (int)MiB, 4096);
        var checksums = new ChecksumLog(plan.ChunkCount);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        GC.KeepAlive(checksums);
        Assert.True(allocated < 32 * MiB, $"a full-scan plan of 64 TiB allocated {allocated} bytes");
    }
}
