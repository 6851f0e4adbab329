using Cli.Common;
using Lightbits.Emulator.Testing;

namespace Dms.Cli.Tests;

/// <summary>Help text, pinned by approval files; each ends with the command's examples and the exit codes.</summary>
public sealed class HelpTests
{
    [Theory]
    [InlineData("dmscli-help", new string[0])]
    [InlineData("dmscli-login-help", new[] { "login" })]
    [InlineData("dmscli-thick-clone-volume-help", new[] { "thick-clone", "volume" })]
    [InlineData("dmscli-list-workflows-help", new[] { "list", "workflows" })]
    [InlineData("dmscli-get-workflow-help", new[] { "get", "workflow" })]
    public async Task Help_MatchesTheApprovedText(string name, string[] command)
    {
        var result = await ChildProcess.RunAsync("dmscli", [.. command, "--help"]);
        Assert.Equal(0, result.ExitCode);
        Approval.Verify(name, result.Stdout);
    }

    [Theory]
    [InlineData("dmscli-help", 80, new string[0])]
    [InlineData("dmscli-help", 132, new string[0])]
    [InlineData("dmscli-thick-clone-volume-help", 80, new[] { "thick-clone", "volume" })]
    [InlineData("dmscli-thick-clone-volume-help", 132, new[] { "thick-clone", "volume" })]
    public async Task Help_WrapsAtTheWidthOfColumns(string name, int columns, string[] command)
    {
        var result = await ChildProcess.RunAsync("dmscli", [.. command, "--help"], null, new Dictionary<string, string> { ["COLUMNS"] = $"{columns}" });
        Assert.Equal(0, result.ExitCode);
        Assert.All(result.Stdout.Split('\n').Where(l => !l.StartsWith("  dmscli", StringComparison.Ordinal) && !l.StartsWith("    --", StringComparison.Ordinal)),
            line => Assert.True(line.Length <= columns, $"{line.Length} > {columns}: {line}"));
        Approval.Verify($"{name}-{columns}", result.Stdout);
    }

    [Theory]
    [InlineData("login")]
    [InlineData("get", "credential")]
    [InlineData("attach", "cluster")]
    [InlineData("list", "clusters")]
    [InlineData("refresh", "clusters")]
    [InlineData("detach", "cluster")]
    [InlineData("thick-clone", "volume")]
    [InlineData("thick-clone", "snapshot")]
    [InlineData("list", "workflows")]
    [InlineData("get", "workflow")]
    [InlineData("cancel", "workflow")]
    [InlineData("completion")]
    [InlineData("version")]
    public async Task EveryCommandsHelp_HasExamplesOfItself_AndTheExitCodes(params string[] command)
    {
        var result = await ChildProcess.RunAsync("dmscli", [.. command, "--help"]);

        var examples = result.Stdout[result.Stdout.IndexOf("Examples:\n", StringComparison.Ordinal)..];
        Assert.Contains($"dmscli {string.Join(' ', command)}", examples, StringComparison.Ordinal);
        foreach (var (code, meaning) in ExitCodes.Table)
        {
            Assert.Contains($"  {code,-5}{meaning}\n", result.Stdout, StringComparison.Ordinal);
        }
    }
}
