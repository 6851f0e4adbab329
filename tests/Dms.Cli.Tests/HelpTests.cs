using Lightbits.Emulator.Testing;

namespace Dms.Cli.Tests;

/// <summary>
/// Help text is pinned by approval files (as System.CommandLine does): a changed help text is a
/// reviewed change. On a difference the test writes *.received.txt next to the approved file.
/// </summary>
public sealed class HelpTests
{
    [Theory]
    [InlineData("dmscli-help", new string[0])]
    [InlineData("dmscli-login-help", new[] { "login" })]
    [InlineData("dmscli-thick-clone-volume-help", new[] { "thick-clone", "volume" })]
    [InlineData("dmscli-list-workflows-help", new[] { "list", "workflows" })]
    public async Task Help_MatchesTheApprovedText(string name, string[] command)
    {
        var result = await ChildProcess.RunAsync("dmscli", [.. command, "--help"]);
        Assert.Equal(0, result.ExitCode);
        Approval.Verify(name, result.Stdout);
    }
}
