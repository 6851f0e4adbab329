using Dms.Testing;

namespace Dms.Cli.Tests;

[Collection(DmsCliTestGroup.Name)]
public sealed class ErrorTests(DmsCliFixture fixture)
{
    [Fact]
    public async Task AnyCommand_NeverLoggedIn_SaysRunDmscliLoginAndExits4()
    {
        var result = await DmsCliFixture.RunAsync(fixture.NewHome(), "list", "clusters", $"--base-url={fixture.Dms.BaseUrl}");

        OneLine.AssertFailure(result, 4, "run dmscli login");
    }

    [Fact]
    public async Task AnyCommand_NoConfigAtAll_IsNotLoggedIn_WithTheLoginToRun()
    {
        OneLine.AssertFailure(await DmsCliFixture.RunAsync(fixture.NewHome(), "list", "clusters"), 4, "run dmscli login --username=<user> --base-url=");
    }

    [Fact]
    public async Task AnyCommand_UnreachableBaseUrl_SaysWhereItTriedAndExits8()
    {
        var result = await fixture.RunAsync("list", "clusters", "--base-url=https://127.0.0.1:1");

        OneLine.AssertFailure(result, 8, "cannot reach DMS at https://127.0.0.1:1/");
    }

    [Fact]
    public async Task AnyCommand_TokenExpired_Gets401AndSaysRunDmscliLogin()
    {
        await using var shortLived = await DmsProcess.StartAsync(Path.Combine(fixture.Work, "dms-short-tokens"),
            new Dictionary<string, string> { ["DMS_TOKEN_LIFETIME"] = "1s" });
        var home = fixture.NewHome();
        var login = await DmsCliFixture.RunAsync(home, "login", "--username=admin", "--password=light", $"--base-url={shortLived.BaseUrl}", $"--ca-cert={shortLived.TlsCertPath}");
        Assert.True(login.ExitCode == 0, DmsCliFixture.Describe(login));
        await Task.Delay(TimeSpan.FromSeconds(2)); // the token's whole lifetime: waiting on the clock is the scenario

        OneLine.AssertFailure(await DmsCliFixture.RunAsync(home, "list", "clusters"), 4, "run dmscli login");
    }

    [Theory]
    [InlineData("-o", "xml")]
    [InlineData("--timeout", "soon")]
    [InlineData("--bogus")]
    public async Task GlobalOptions_BadValues_AreUsageErrors(params string[] args)
    {
        var result = await fixture.RunAsync(["list", "clusters", .. args]);

        OneLine.AssertFailure(result, 2, args[0]);
    }
}
