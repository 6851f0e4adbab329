using Lightbits.Api.ChangedBlocks;
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

    [Fact]
    public void Merge_JoinsExtentsThatTouch()
    {
        LbaExtent[] extents = [new(0, 64), new(64, 10), new(100, 1), new(101, 5)];
        Assert.Equal([new LbaExtent(0, 74), new LbaExtent(100, 6)], ChangedExtents.Merge(extents));
    }
}
