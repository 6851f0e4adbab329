using Common.Text;

namespace Common.Tests.Text;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("30", 30_000)]
    [InlineData("1.5", 1_500)]
    [InlineData(".5s", 500)]
    [InlineData("500ms", 500)]
    [InlineData("500MS", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("2m", 120_000)]
    [InlineData("2M", 120_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("24H", 86_400_000)]
    [InlineData("30d", 2_592_000_000)]
    [InlineData(" 30D ", 2_592_000_000)]
    [InlineData("0", 0)]
    public void TryParse_AcceptsSecondsAndUnitsInAnyCase(string text, long expectedMilliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var value, out var error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), value);
    }

    [Theory]
    [InlineData("", "duration \"\" must start with a non-negative number")]
    [InlineData("-5s", "duration \"-5s\" must start with a non-negative number")]
    [InlineData("s", "duration \"s\" must start with a non-negative number")]
    [InlineData("1.2.3s", "duration \"1.2.3s\" must start with a non-negative number")]
    [InlineData("10x", "duration \"10x\" has an unknown unit \"x\"")]
    [InlineData("10 s", "duration \"10 s\" has an unknown unit \" s\"")]
    [InlineData("1e3", "duration \"1e3\" has an unknown unit \"e3\"")]
    [InlineData("2w", "unknown unit \"w\" (use ms, s, m, h or d)")]
    [InlineData("99999999999999d", "duration \"99999999999999d\" is too long")]
    public void TryParse_RejectsWithAReasonNamingTheValue(string text, string expected)
    {
        Assert.False(DurationParser.TryParse(text, out var value, out var error));
        Assert.Equal(TimeSpan.Zero, value);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
