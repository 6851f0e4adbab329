using Common.Text;

namespace Common.Tests.Text;

public sealed class SizeTextTests
{
    [Theory]
    [InlineData(10737418240L, "10 GiB (10737418240 bytes)")]
    [InlineData(10000000000L, "10 GB (10000000000 bytes)")]
    [InlineData(9999998976L, "9.31 GiB (9999998976 bytes)")]
    [InlineData(1536L, "1.5 KiB (1536 bytes)")]
    [InlineData(1000L, "1 KB (1000 bytes)")]
    [InlineData(512L, "512 bytes")]
    public void Describe_UsesAWholeUnitWhenThereIsOne(long bytes, string expected) => Assert.Equal(expected, SizeText.Describe(bytes));

    [Fact]
    public void NotWholeSectors_NamesTheSizeAndTheNearestValidOnes()
    {
        Assert.Null(SizeText.NotWholeSectors(10000000000L, 512));
        Assert.Equal("10 GB (10000000000 bytes) is not a whole number of 4096-byte sectors; nearest valid: 9.31 GiB (9999998976 bytes) or 9.31 GiB (10000003072 bytes)",
            SizeText.NotWholeSectors(10000000000L, 4096));
        Assert.Equal("1 KB (1000 bytes) is not a whole number of 4096-byte sectors; nearest valid: 4 KiB (4096 bytes)", SizeText.NotWholeSectors(1000, 4096));
    }
}
