using Dms.Service.Clusters.SelfCheck;
using Lightbits.Api.ChangedBlocks;

namespace Dms.Service.Tests.Clusters.SelfCheck;

public sealed class DiffComparisonTests
{
    [Fact]
    public void CoarseTrackingAroundEveryWrite_Matches()
    {
        Assert.Null(DiffComparison.Problem([0, 7, 4097], [new LbaExtent(0, 128), new LbaExtent(4096, 128)], 512));
    }

    [Fact]
    public void AWrittenLbaLeftOut_SaysWhichAndWhatWasListed()
    {
        Assert.Equal("LBA 4097 written (512-byte sectors), diff listed 0..127, 512..527",
            DiffComparison.Problem([0, 4097], [new LbaExtent(0, 128), new LbaExtent(512, 16)], 512));
    }

    [Fact]
    public void AListedLbaFarFromEveryWrite_IsAMismatch()
    {
        Assert.Contains("diff listed 3000..3007", DiffComparison.Problem([0], [new LbaExtent(0, 8), new LbaExtent(3000, 8)], 512), StringComparison.Ordinal);
    }
}
