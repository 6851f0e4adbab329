using Common.Text;

namespace Common.Tests.Text;

public sealed class SizeParserTests
{
    [Theory]
    [InlineData("4294967296", 4294967296UL)]
    [InlineData("1073741824b", 1073741824UL)]
    [InlineData("4 gib", 4UL << 30)]
    [InlineData("4 Gib", 4UL << 30)]
    [InlineData("10GIB", 10UL << 30)]
    [InlineData("100 Gib", 100UL << 30)]
    [InlineData(" 512 KiB ", 512UL << 10)]
    [InlineData("3tib", 3UL << 40)]
    [InlineData("1pib", 1UL << 50)]
    [InlineData("10gb", 10_000_000_000UL)]
    [InlineData("5 MB", 5_000_000UL)]
    [InlineData("0", 0UL)]
    public void TryParse_AcceptsBytesAndUnits(string text, ulong expected)
    {
        Assert.True(SizeParser.TryParse(text, out var bytes, out var error), error);
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("-1", "whole, non-negative number")]
    [InlineData("gib", "whole, non-negative number")]
    [InlineData("1.5gib", "unknown unit \".5gib\"")]
    [InlineData("10 zib", "unknown unit \"zib\"")]
    [InlineData("10 g i b", "unknown unit")]
    [InlineData("99999999999 tib", "too large")]
    [InlineData("99999999999999999999999", "too large")]
    [InlineData("9223372036854775808", "too large")]
    public void TryParse_RejectsWithAReasonNamingTheValue(string text, string expected)
    {
        Assert.False(SizeParser.TryParse(text, out var bytes, out var error));
        Assert.Equal(0UL, bytes);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
