using System.Text.RegularExpressions;
using Lightbits.Emulator.Testing;

namespace Dms.Cli.Tests;

/// <summary>
/// Issue 16 finding 10: DMSCLI_* variables for scripts (flag &gt; variable &gt; config file), and
/// named contexts for several DMS servers in dms-cli.yaml.
/// </summary>
[Collection(DmsCliTestGroup.Name)]
public sealed partial class ContextAndEnvironmentTests(DmsCliFixture fixture)
{
    private const string Nowhere = "https://127.0.0.1:1";

    private static string ConfigOf(string home) => Path.Combine(home, ".local", "dms", "dms-cli.yaml");

    private static Task<ChildProcess.Result> RunAsync(string home, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        ChildProcess.RunAsync("dmscli", args, null, new Dictionary<string, string>(environment) { ["HOME"] = home });

    private async Task<string> LoggedInHomeAsync(params string[] more)
    {
        var home = fixture.NewHome();
        var login = await DmsCliFixture.RunAsync(home, ["login", "--username=admin", "--password=light", $"--base-url={fixture.Dms.BaseUrl}", $"--ca-cert={fixture.Dms.TlsCertPath}", .. more]);
        Assert.True(login.ExitCode == 0, DmsCliFixture.Describe(login));
        return home;
    }

    private static string TokenIn(string home) => TokenLine().Match(File.ReadAllText(ConfigOf(home))).Groups[1].Value;

    [Fact]
    public async Task EnvironmentAlone_IsEnoughForAScript_WithNoConfigFile()
    {
        var token = TokenIn(await LoggedInHomeAsync());
        var empty = fixture.NewHome();

        var result = await RunAsync(empty, new Dictionary<string, string>
        {
            ["DMSCLI_BASE_URL"] = fixture.Dms.BaseUrl, ["DMSCLI_TOKEN"] = token, ["DMSCLI_CA_CERT"] = fixture.Dms.TlsCertPath,
        }, "list", "clusters");

        Assert.True(result.ExitCode == 0, DmsCliFixture.Describe(result));
        Assert.False(File.Exists(ConfigOf(empty)));
    }

    [Fact]
    public async Task Precedence_FlagBeatsVariable_VariableBeatsConfigFile()
    {
        var home = await LoggedInHomeAsync();
        var elsewhere = new Dictionary<string, string> { ["DMSCLI_BASE_URL"] = Nowhere };

        // Variable over the file: the file's server is not asked.
        OneLine.AssertFailure(await RunAsync(home, elsewhere, "list", "clusters"), 8, "cannot reach DMS at https://127.0.0.1:1/");
        // Flag over the variable.
        Assert.Equal(0, (await RunAsync(home, elsewhere, "list", "clusters", $"--base-url={fixture.Dms.BaseUrl}")).ExitCode);
        // DMSCLI_TOKEN over the saved token.
        OneLine.AssertFailure(await RunAsync(home, new Dictionary<string, string> { ["DMSCLI_TOKEN"] = "not-a-token" }, "list", "clusters"), 4, "");
        // DMSCLI_CONFIG over the default path, --config over DMSCLI_CONFIG.
        var moved = Path.Combine(fixture.NewHome(), "moved.yaml");
        File.Copy(ConfigOf(home), moved);
        var bare = fixture.NewHome();
        Assert.Equal(0, (await RunAsync(bare, new Dictionary<string, string> { ["DMSCLI_CONFIG"] = moved }, "list", "clusters")).ExitCode);
        OneLine.AssertFailure(await RunAsync(bare, new Dictionary<string, string> { ["DMSCLI_CONFIG"] = moved }, "list", "clusters", "--config", "/nonexistent/dms.yaml"), 4,
            "not logged in (/nonexistent/dms.yaml does not exist)");
    }

    [Fact]
    public async Task Contexts_LoginAddsOne_UseContextSwitches_TheGuidesFileIsReadAsIsUntilASecondIsAdded()
    {
        var home = await LoggedInHomeAsync();
        var guideForm = await File.ReadAllTextAsync(ConfigOf(home));
        Assert.StartsWith($"base-url: {fixture.Dms.BaseUrl}\nauth:\n", guideForm, StringComparison.Ordinal);
        Assert.Equal("127.0.0.1\n", (await DmsCliFixture.RunAsync(home, "config", "current-context")).Stdout);
        Assert.Equal(0, (await DmsCliFixture.RunAsync(home, "config", "use-context", "127.0.0.1")).ExitCode);
        Assert.Equal(guideForm, await File.ReadAllTextAsync(ConfigOf(home)));

        // A second server (here: one that does not answer, as a context pointing at a stopped instance would).
        var second = await DmsCliFixture.RunAsync(home, "login", "--username=admin", "--password=light", "--base-url", Nowhere, "--context", "lab", $"--ca-cert={fixture.Dms.TlsCertPath}");
        Assert.Equal(8, second.ExitCode);
        Assert.Equal(guideForm, await File.ReadAllTextAsync(ConfigOf(home))); // a failed login writes nothing

        var again = await DmsCliFixture.RunAsync(home, "login", "--username=admin", "--password=light", $"--base-url={fixture.Dms.BaseUrl}", "--context", "lab", $"--ca-cert={fixture.Dms.TlsCertPath}");
        Assert.True(again.ExitCode == 0, DmsCliFixture.Describe(again));
        Assert.Contains("as context 'lab', now current", again.Stdout, StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync(ConfigOf(home));
        Assert.StartsWith($"current-context: lab\nbase-url: {fixture.Dms.BaseUrl}\n", text, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigOf(home)));

        var table = (await DmsCliFixture.RunAsync(home, "config", "get-contexts")).Stdout;
        Assert.Matches(@"\n +127\.0\.0\.1 +https://127\.0\.0\.1:\d+ +saved\n", table);
        Assert.Matches(@"\n\* +lab +https://127\.0\.0\.1:\d+ +saved\n", table);
        Assert.DoesNotContain("eyJ", (await DmsCliFixture.RunAsync(home, "config", "get-contexts", "-o", "json")).Stdout, StringComparison.Ordinal);

        Assert.Equal(0, (await DmsCliFixture.RunAsync(home, "config", "use-context", "127.0.0.1")).ExitCode);
        Assert.Equal("127.0.0.1\n", (await DmsCliFixture.RunAsync(home, "config", "current-context")).Stdout);
        Assert.Equal(0, (await DmsCliFixture.RunAsync(home, "list", "clusters", "--context", "lab")).ExitCode);
        OneLine.AssertFailure(await DmsCliFixture.RunAsync(home, "config", "use-context", "nope"), 3, "context 'nope' does not exist in");
        OneLine.AssertFailure(await DmsCliFixture.RunAsync(home, "list", "clusters", "--context", "nope"), 3, "known contexts: 127.0.0.1, lab");
    }

    [Fact]
    public async Task CurrentContext_WithoutAnyConfig_IsNotFoundSayingToLogIn()
    {
        OneLine.AssertFailure(await DmsCliFixture.RunAsync(fixture.NewHome(), "config", "current-context"), 3, "run dmscli login");
    }

    [GeneratedRegex("idToken: (\\S+)")]
    private static partial Regex TokenLine();
}
