using Dms.Cloning.Planning;

namespace Dms.Cloning.Tests.Planning;

public sealed class CopyPlanTests
{
    [Fact]
    public void Create_CutsExtentsIntoIoSizedChunks_NeverCrossingAnExtent()
    {
        var plan = CopyPlan.Create([new ByteExtent(0, 3 << 20), new ByteExtent(10 << 20, 4096)], 16 << 20, ioSize: 1 << 20, sectorSize: 4096);

        Assert.Equal(4, plan.ChunkCount);
        Assert.Equal(new ByteExtent(2 << 20, 1 << 20), plan[2]);
        Assert.Equal(new ByteExtent(10 << 20, 4096), plan[3]);
        Assert.Equal((3L << 20) + 4096, plan.PlannedBytes);
    }

    [Theory]
    [InlineData(4096, 1000)]
    [InlineData(100, 4096)]
    public void Create_UnalignedExtent_IsRefused(long offset, long length) =>
        Assert.Throws<ArgumentException>(() => CopyPlan.Create([new ByteExtent(offset, length)], 1 << 20, 1 << 20, 4096));

    [Fact]
    public void Create_OverlappingOrPastTheEnd_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => CopyPlan.Create([new ByteExtent(0, 8192), new ByteExtent(4096, 4096)], 1 << 20, 1 << 20, 4096));
        Assert.Throws<ArgumentException>(() => CopyPlan.Create([new ByteExtent(0, 2 << 20)], 1 << 20, 1 << 20, 4096));
    }

    [Fact]
    public void FirstChunkAtOrAfter_SkipsChunksWhollyBelowTheWatermark()
    {
        var plan = CopyPlan.Full(4 << 20, 1 << 20, 4096);
        Assert.Equal(0, plan.FirstChunkAtOrAfter(0));
        Assert.Equal(2, plan.FirstChunkAtOrAfter(2 << 20));
        Assert.Equal(2, plan.FirstChunkAtOrAfter((2 << 20) + 4096));
        Assert.Equal(4, plan.FirstChunkAtOrAfter(4 << 20));
    }

    [Fact]
    public void Full_OfAnEmptyVolume_HasNoChunks() => Assert.Equal(0, CopyPlan.Full(0, 1 << 20, 4096).ChunkCount);
}
