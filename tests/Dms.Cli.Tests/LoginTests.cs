using Dms.Testing;

namespace Dms.Cli.Tests;

[Collection(DmsCliTestGroup.Name)]
public sealed class LoginTests(DmsCliFixture fixture)
{
    [Fact]
    public async Task Login_DocumentedForm_WritesTheDocumentedConfigFileWithMode0600()
    {
        var home = fixture.NewHome();
        var result = await DmsCliFixture.RunAsync(home, "login", "--username=admin", "--password=light", $"--base-url={fixture.Dms.BaseUrl}", "--ca-cert", fixture.Dms.TlsCertPath);

        Assert.True(result.ExitCode == 0, DmsCliFixture.Describe(result));
        var path = Path.Combine(home, ".local", "dms", "dms-cli.yaml");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal($"base-url: {fixture.Dms.BaseUrl}", lines[0]);
        Assert.Equal("auth:", lines[1]);
        Assert.Equal("  tokenType: Bearer", lines[2]);
        Assert.Equal("  expiresIn: 2592000", lines[3]);
        Assert.StartsWith("  idToken: ey", lines[4], StringComparison.Ordinal);
        Assert.Equal($"ca-cert: {fixture.Dms.TlsCertPath}", lines[5]);
        Assert.Equal(0, (await DmsCliFixture.RunAsync(home, "list", "clusters")).ExitCode);
    }

    [Fact]
    public async Task Login_PasswordStdin_ReadsThePasswordFromStandardInput()
    {
        var home = fixture.NewHome();
        var result = await DmsCliFixture.RunWithInputAsync(home, "light\n", "login", "--username=admin", "--password-stdin",
            $"--base-url={fixture.Dms.BaseUrl}", $"--ca-cert={fixture.Dms.TlsCertPath}");

        Assert.True(result.ExitCode == 0, DmsCliFixture.Describe(result));
        Assert.Contains("Logged in", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WrongPassword_PrintsTheServersMessageAndExits4()
    {
        var result = await DmsCliFixture.RunAsync(fixture.NewHome(), "login", "--username=admin", "--password=wrong",
            $"--base-url={fixture.Dms.BaseUrl}", $"--ca-cert={fixture.Dms.TlsCertPath}");

        OneLine.AssertFailure(result, 4, "invalid username or password");
    }

    [Fact]
    public async Task Login_NoPasswordAndStdinIsNotATerminal_IsAUsageError()
    {
        var result = await DmsCliFixture.RunAsync(fixture.NewHome(), "login", "--username=admin", $"--base-url={fixture.Dms.BaseUrl}", $"--ca-cert={fixture.Dms.TlsCertPath}");

        OneLine.AssertFailure(result, 2, "--password-stdin");
    }

    [Fact]
    public async Task Login_MissingUsername_IsAUsageError()
    {
        var result = await DmsCliFixture.RunAsync(fixture.NewHome(), "login", "--password=light", $"--base-url={fixture.Dms.BaseUrl}");

        OneLine.AssertFailure(result, 2, "--username");
    }

    [Fact]
    public async Task Login_UntrustedCertificate_SaysHowToTrustIt()
    {
        var result = await DmsCliFixture.RunAsync(fixture.NewHome(), "login", "--username=admin", "--password=light", $"--base-url={fixture.Dms.BaseUrl}");

        OneLine.AssertFailure(result, 1, "--ca-cert");
        Assert.Contains("tls.crt", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_InsecureSkipTlsVerify_LogsInOnceWithoutSavingIt_AndSaysHowToSaveIt()
    {
        var home = fixture.NewHome();
        var result = await DmsCliFixture.RunAsync(home, "login", "--username=admin", "--password=light", $"--base-url={fixture.Dms.BaseUrl}", "--insecure-skip-tls-verify");

        Assert.True(result.ExitCode == 0, DmsCliFixture.Describe(result));
        var notice = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("not saved", notice, StringComparison.Ordinal);
        Assert.Contains("--save-insecure", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("insecure", await File.ReadAllTextAsync(ConfigFile(home)), StringComparison.Ordinal);
        OneLine.AssertFailure(await DmsCliFixture.RunAsync(home, "list", "clusters"), 1, "--ca-cert");
    }

    [Fact]
    public async Task Login_SaveInsecure_SavesItForLaterCommands_AndALaterLoginWithoutTheFlagKeepsIt()
    {
        var home = fixture.NewHome();
        var result = await DmsCliFixture.RunAsync(home, "login", "--username=admin", "--password=light", $"--base-url={fixture.Dms.BaseUrl}",
            "--insecure-skip-tls-verify", "--save-insecure");

        Assert.True(result.ExitCode == 0, DmsCliFixture.Describe(result));
        Assert.Equal("", result.Stderr);
        Assert.Contains("insecure-skip-tls-verify: true", await File.ReadAllTextAsync(ConfigFile(home)), StringComparison.Ordinal);
        Assert.Equal(0, (await DmsCliFixture.RunAsync(home, "list", "clusters")).ExitCode);

        var again = await DmsCliFixture.RunAsync(home, "login", "--username=admin", "--password=light");
        Assert.True(again.ExitCode == 0, DmsCliFixture.Describe(again));
        Assert.Contains("insecure-skip-tls-verify: true", await File.ReadAllTextAsync(ConfigFile(home)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_SaveInsecureWithoutInsecureSkipTlsVerify_IsAUsageError()
    {
        var result = await DmsCliFixture.RunAsync(fixture.NewHome(), "login", "--username=admin", "--password=light", $"--base-url={fixture.Dms.BaseUrl}", "--save-insecure");

        OneLine.AssertFailure(result, 2, "--save-insecure");
    }

    private static string ConfigFile(string home) => Path.Combine(home, ".local", "dms", "dms-cli.yaml");
}
