namespace Dms.Cli.Tests.Watching;

/// <summary>When DMS stays unreachable, watching gives up after --unreachable-timeout with its own exit code and the way to follow up.</summary>
[Collection(DmsCliTestGroup.Name)]
public sealed class WatchGiveUpTests(DmsCliFixture fixture)
{
    [Fact]
    public async Task Watch_DmsUnreachableLongerThanTheUnreachableTimeout_SaysItRetriesOnce_ThenExits8WithTheFollowUpHint()
    {
        var id = Guid.NewGuid().ToString();
        // Port 1 on loopback: nothing listens, every connection is refused.
        var result = await fixture.RunAsync("get", "workflow", "--id", id, "--watch", "--unreachable-timeout", "2s", "--base-url", "https://127.0.0.1:1");

        Assert.True(result.ExitCode == 8, DmsCliFixture.Describe(result));
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 2, result.Stderr);
        Assert.StartsWith("dms unreachable (cannot reach DMS at https://127.0.0.1:1/", lines[0], StringComparison.Ordinal);
        Assert.Contains("retrying for up to 2s; the workflow keeps running on the server", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("dmscli: gave up watching: dms unreachable for 2s", lines[1], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.Contains($"dmscli get workflow --id {id} --watch", l, StringComparison.Ordinal));
        Assert.Equal("", result.Stdout);
    }
}
