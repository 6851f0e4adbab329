using Dms.Cloning.Copy;
using Dms.Cloning.Planning;

namespace Dms.Cloning.Tests.Copy;

public sealed class WatermarkTests
{
    private static readonly CopyPlan Plan = CopyPlan.Create(
        [new ByteExtent(0, 2 << 20), new ByteExtent(8 << 20, 1 << 20)], 16 << 20, 1 << 20, 4096);

    [Fact]
    public void OutOfOrderCompletion_AdvancesOnlyOverTheDonePrefix()
    {
        var watermark = new Watermark(Plan.Chunks, Plan.LogicalTotal);
        watermark.StartAt(0);
        watermark.Complete(1);
        Assert.Equal(0, watermark.Position);
        watermark.Complete(0);
        Assert.Equal(2 << 20, watermark.Position);
        // The hole [2 MiB, 8 MiB) holds no data: logically it is done too.
        Assert.Equal(8 << 20, watermark.LogicalDone);
        watermark.Complete(2);
        Assert.Equal(9 << 20, watermark.Position);
        Assert.Equal(16 << 20, watermark.LogicalDone);
    }

    [Fact]
    public void StartAt_ResumesAfterTheCheckpointedChunks()
    {
        var watermark = new Watermark(Plan.Chunks, Plan.LogicalTotal);
        watermark.StartAt(2);
        Assert.Equal(2 << 20, watermark.Position);
    }
}
