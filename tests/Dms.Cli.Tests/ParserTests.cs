using Lightbits.Emulator.Testing;

namespace Dms.Cli.Tests;

/// <summary>Issue 16 finding 4: what a command line that is incomplete or mistyped gets, pinned by approval files where it is text.</summary>
public sealed class ParserTests
{
    private static Task<ChildProcess.Result> RunAsync(params string[] args) => ChildProcess.RunAsync("dmscli", args);

    [Fact]
    public async Task Bare_PrintsHelpAndExits0_AsKubectlDoes()
    {
        var result = await RunAsync();

        Assert.True(result.ExitCode == 0, DmsCliFixture.Describe(result));
        Assert.Equal("", result.Stderr);
        Approval.Verify("dmscli-bare", result.Stdout);
    }

    [Fact]
    public async Task VerbAlone_PrintsItsNounsOnStdout_OneLineOnStderr_Exits2()
    {
        var result = await RunAsync("list");

        OneLine.AssertFailure(result, 2, "'dmscli list' needs one of: clusters, workflows");
        Approval.Verify("dmscli-list", result.Stdout);
    }

    [Theory]
    [InlineData("dmscli-lst-clusters", "lst", "clusters")]
    [InlineData("dmscli-get-workflow-widd", "get", "workflow", "--widd", "x")]
    [InlineData("dmscli-list-clusterz", "list", "clusterz")]
    [InlineData("dmscli-thick-clone-volume-missing", "thick-clone", "volume", "--dst-name", "v")]
    public async Task Mistakes_GetOneSentence_WithDidYouMean(string name, params string[] args)
    {
        var result = await RunAsync(args);

        Assert.True(result.ExitCode == 2, DmsCliFixture.Describe(result));
        Assert.DoesNotContain(".;", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Approval.Verify(name, result.Stderr);
    }

    [Theory]
    [InlineData("attach", "cluster", "--api-endpoint=h:443", "--wait-timeout", "5m")]
    [InlineData("refresh", "clusters", "--wait-timeout", "5m")]
    [InlineData("get", "workflow", "4cb2e0bf-20fa-5720-8cc2-1a11fe3e9850", "--wait-timeout", "5m")]
    public async Task WaitTimeoutWithoutAWait_IsAUsageErrorNamingTheFlagItNeeds(params string[] args)
    {
        OneLine.AssertFailure(await RunAsync(args), 2, "--wait-timeout says how long --wa");
    }

    [Theory]
    [InlineData("get", "workflow")]
    [InlineData("cancel", "workflow")]
    [InlineData("detach", "cluster")]
    public async Task IdCommands_WithoutAnId_SayBothWaysToGiveIt(string verb, string noun)
    {
        OneLine.AssertFailure(await RunAsync(verb, noun), 2, $"needs the {noun} id");
    }

    [Fact]
    public async Task TwoDifferentIds_AreRefused()
    {
        OneLine.AssertFailure(await RunAsync("get", "workflow", "4cb2e0bf-20fa-5720-8cc2-1a11fe3e9850", "--wid", "4cb2e0bf-20fa-5720-8cc2-1a11fe3e9851"), 2,
            "two different workflow ids");
    }
}
