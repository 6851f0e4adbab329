using Common.Text;

namespace Common.Tests.Text;

public sealed class HumanTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 21, 7, TimeSpan.Zero);

    [Theory]
    [InlineData(0UL, "0 B")]
    [InlineData(1023UL, "1023 B")]
    [InlineData(4UL << 30, "4.0 GiB")]
    [InlineData(1536UL << 20, "1.5 GiB")]
    public void Size_PrintsBinaryUnitsLikeLbcli(ulong bytes, string expected) => Assert.Equal(expected, Human.Size(bytes));

    [Fact]
    public void Size_NegativeCount_ReadsAsZero() => Assert.Equal("0 B", Human.Size(-5L));

    [Fact]
    public void Time_AnyOffsetAndFraction_IsUtcToTheSecond()
    {
        Assert.Equal("2026-12-01 10:21:07Z", Human.Time(Now.AddMilliseconds(999.9)));
        Assert.Equal("2026-12-01 10:21:07Z", Human.Time(new DateTimeOffset(2026, 12, 1, 12, 21, 7, TimeSpan.FromHours(2))));
    }

    [Theory]
    [InlineData(0.4, "0s")]
    [InlineData(45, "45s")]
    [InlineData(60, "1m")]
    [InlineData(723, "12m3s")]
    [InlineData(995, "16m35s")] // an ETA the old progress line printed as "16:35", which reads as a clock time
    [InlineData(3899, "1h4m")]
    [InlineData(7500, "2h5m")]
    [InlineData(3 * 86400 + 4 * 3600 + 59, "3d4h")]
    [InlineData(-3, "0s")]
    public void Duration_TwoLargestUnits(double seconds, string expected) => Assert.Equal(expected, Human.Duration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(40, "40s")]
    [InlineData(12 * 60 + 59, "12m")]
    [InlineData(5 * 3600 + 1, "5h")]
    [InlineData(3 * 86400 + 7, "3d")]
    [InlineData(-2, "0s")]
    public void Age_OneUnitLikeKubectl(double secondsAgo, string expected) => Assert.Equal(expected, Human.Age(Now.AddSeconds(-secondsAgo), Now));
}
