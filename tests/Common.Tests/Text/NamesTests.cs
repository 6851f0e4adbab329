using Common.Text;

namespace Common.Tests.Text;

public sealed class NamesTests
{
    [Theory]
    [InlineData("vol-1")]
    [InlineData("a.b_c-D9")]
    [InlineData("x")]
    public void Valid(string name) => Assert.Null(Names.Problem("name", name));

    [Theory]
    [InlineData(null, "name is required")]
    [InlineData("", "name is required")]
    [InlineData("has space", "may contain only")]
    [InlineData("slash/no", "may contain only")]
    [InlineData("ünïcode", "may contain only")]
    public void Invalid(string? name, string expected) => Assert.Contains(expected, Names.Problem("name", name), StringComparison.Ordinal);

    [Fact]
    public void LengthLimitIs253() =>
        Assert.Equal((null, "name is 254 characters long; the limit is 253"),
            (Names.Problem("name", new string('a', 253)), Names.Problem("name", new string('a', 254))));
}
