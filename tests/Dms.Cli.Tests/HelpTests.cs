using System.Runtime.CompilerServices;
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
        Verify(name, result.Stdout);
    }

    private static void Verify(string name, string actual, [CallerFilePath] string source = "")
    {
        var approved = Path.Combine(Path.GetDirectoryName(source)!, "Approvals", name + ".approved.txt");
        var received = Path.ChangeExtension(approved, null).Replace(".approved", ".received", StringComparison.Ordinal) + ".txt";
        if (File.Exists(approved) && File.ReadAllText(approved) == actual)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        Assert.Fail($"help differs from {approved}; review {received} and rename it to approve");
    }
}
