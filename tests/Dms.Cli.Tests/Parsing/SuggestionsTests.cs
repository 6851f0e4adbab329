using Cli.Common.Parsing;

namespace Dms.Cli.Tests.Parsing;

public sealed class SuggestionsTests
{
    private static readonly string[] Verbs = ["login", "get", "list", "attach", "refresh", "detach", "thick-clone", "cancel", "completion", "version"];

    [Theory]
    [InlineData("lst", "list")]
    [InlineData("lsit", "list")]
    [InlineData("atach", "attach")]
    [InlineData("thick-clon", "thick-clone")]
    [InlineData("thickclone", "thick-clone")]
    [InlineData("versoin", "version")]
    public void NearTypo_SuggestsTheCommand(string typed, string expected)
    {
        Assert.Equal([expected], Suggestions.For(typed, Verbs));
    }

    [Theory]
    [InlineData("delete")]
    [InlineData("xyz")]
    [InlineData("clusters")]
    public void FarFromEveryCommand_SuggestsNothing(string typed)
    {
        Assert.Empty(Suggestions.For(typed, Verbs));
    }

    [Fact]
    public void Flags_AreComparedWithTheirDashes()
    {
        Assert.Equal(["--wid"], Suggestions.For("--widd", ["--id", "--wid", "--watch", "--wait-timeout"]));
    }

    [Fact]
    public void ATie_SuggestsEveryNearest()
    {
        Assert.Equal("'get' or 'set'", Suggestions.Quoted(Suggestions.For("fet", ["get", "set", "list"])));
    }
}
