using Lightbits.Api.ChangedBlocks;
using Lightbits.Api.Http;
using Lightbits.Api.Model;

namespace Lightbits.Api.Tests.ChangedBlocks;

public sealed class ChangedExtentsTests
{
    [Fact]
    public void Decode_ReadsBitsLeastSignificantFirst()
    {
        // 0b0000_0110 = LBAs 1 and 2; 0b1000_0000 in the second byte = LBA 15.
        var range = new LbaRange { LbaStart = 64, LbaEnd = 80, DataBitMap = [0b0000_0110, 0b1000_0000] };
        Assert.Equal([new LbaExtent(65, 2), new LbaExtent(79, 1)], ChangedExtents.Decode(range));
    }

    [Fact]
    public void Decode_RunToTheEndOfTheRange_IsClosed()
    {
        var range = new LbaRange { LbaStart = 0, LbaEnd = 64, DataBitMap = [0, 0, 0, 0, 0, 0, 0, 0xFF] };
        Assert.Equal([new LbaExtent(56, 8)], ChangedExtents.Decode(range));
    }

    [Fact]
    public void Decode_EmptyBitmap_NoExtents() =>
        Assert.Empty(ChangedExtents.Decode(new LbaRange { LbaStart = 0, LbaEnd = 64, DataBitMap = new byte[8] }));

    [Fact]
    public void Decode_BitmapShorterThanTheRange_IsAFormatError() =>
        Assert.Throws<FormatException>(() => ChangedExtents.Decode(new LbaRange { LbaStart = 0, LbaEnd = 64, DataBitMap = new byte[7] }).ToList());

    public static TheoryData<LbaRange, string> MalformedRanges => new()
    {
        { new LbaRange { LbaStart = 0, LbaEnd = 64, DataBitMap = new byte[7] }, "lbaRanges[1].dataBitMap has 7 bytes for LBAs [0, 64); 8 needed" },
        { new LbaRange { LbaStart = 0, LbaEnd = 64 }, "lbaRanges[1].dataBitMap has 0 bytes for LBAs [0, 64); 8 needed" },
        { new LbaRange { LbaStart = 72, LbaEnd = 64, DataBitMap = [1] }, "lbaRanges[1].lbaEnd 64 is before lbaStart 72" },
    };

    [Theory]
    [MemberData(nameof(MalformedRanges))]
    public void DecodePage_MalformedRange_IsAPermanentClusterErrorNamingTheClusterSnapshotAndField(LbaRange malformed, string field)
    {
        var page = new ChangedBlocksResponse { LbaRanges = [new LbaRange { LbaStart = 0, LbaEnd = 8, DataBitMap = [1] }, malformed] };

        var error = Assert.Throws<LightbitsApiException>(() => ChangedExtents.DecodePage(page, "cluster-a", "5e1f0000-0000-4000-8000-000000000001"));

        Assert.Equal($"cluster cluster-a: changed blocks of snapshot 5e1f0000-0000-4000-8000-000000000001: {field}", error.Message);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public void DecodePage_MergesAcrossRanges() =>
        Assert.Equal([new LbaExtent(6, 4)], ChangedExtents.DecodePage(
            new ChangedBlocksResponse { LbaRanges = [new LbaRange { LbaStart = 0, LbaEnd = 8, DataBitMap = [0b1100_0000] }, new LbaRange { LbaStart = 8, LbaEnd = 16, DataBitMap = [0b0000_0011] }] },
            "cluster-a", "5e1f0000-0000-4000-8000-000000000001"));

    [Fact]
    public void Merge_JoinsExtentsThatTouch()
    {
        LbaExtent[] extents = [new(0, 64), new(64, 10), new(100, 1), new(101, 5)];
        Assert.Equal([new LbaExtent(0, 74), new LbaExtent(100, 6)], ChangedExtents.Merge(extents));
    }
}
