using Lightbits.Emulator.Testing;

namespace Dms.Cli.Tests;

/// <summary>The shape every dmscli failure must have: the exit code of DESIGN §10 and exactly one line on stderr, no stack trace.</summary>
internal static class OneLine
{
    public static void AssertFailure(ChildProcess.Result result, int exitCode, string expectedText)
    {
        Assert.True(result.ExitCode == exitCode, DmsCliFixture.Describe(result));
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, DmsCliFixture.Describe(result));
        Assert.StartsWith("dmscli: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expectedText, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }
}
