using Dms.Cli.Input;

namespace Dms.Cli.Tests.Input;

/// <summary>Sizes as operators type them (issue 16 finding 11): shorthand units, exact fractions, whole sectors.</summary>
public sealed class VolumeSizeTests
{
    [Theory]
    [InlineData("10g", 10L << 30)]
    [InlineData("10G", 10L << 30)]
    [InlineData("10Gi", 10L << 30)]
    [InlineData("10GiB", 10L << 30)]
    [InlineData("10 gib", 10L << 30)]
    [InlineData("1.5TiB", 3L << 39)]
    [InlineData("1.5t", 3L << 39)]
    [InlineData("500 MiB", 500L << 20)]
    [InlineData("0.5k", 512L)]
    [InlineData("1tb", 1_000_000_000_000L)]
    [InlineData("4096", 4096L)]
    [InlineData("4096b", 4096L)]
    public void Parses(string text, long expected)
    {
        Assert.True(VolumeSize.TryParse(text, VolumeSize.MinSectorSize, out var bytes, out var error), error);
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("10zib", "unknown unit \"zib\"")]
    [InlineData("ten gib", "is not a size")]
    [InlineData("1.3MiB", "is not a whole number of bytes")]
    [InlineData("0", "is zero")]
    [InlineData("9000000pib", "too large")]
    [InlineData("1000", "'1000' = 1 KB (1000 bytes) is not a whole number of 512-byte sectors; nearest valid: 512 bytes or 1 KiB (1024 bytes)")]
    public void Refuses_SayingWhy(string text, string expected)
    {
        Assert.False(VolumeSize.TryParse(text, VolumeSize.MinSectorSize, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void DecimalUnits_MustLandOnTheSectorSize_AndTheErrorGivesTheNearestValidSizes()
    {
        // 10 GB = 10^10 bytes fills whole 512-byte sectors but not 4096-byte ones.
        Assert.True(VolumeSize.TryParse("10GB", 512, out _, out _));

        Assert.False(VolumeSize.TryParse("10GB", 4096, out _, out var error));

        Assert.Equal("'10GB' = 10 GB (10000000000 bytes) is not a whole number of 4096-byte sectors; nearest valid: 9.31 GiB (9999998976 bytes) or 9.31 GiB (10000003072 bytes)", error);
    }
}
