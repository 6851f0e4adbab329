using Cli.Common;
using Common.Testing;
using Dms.Testing;
using Lightbits.Emulator.Testing;

namespace Dms.Cli.Tests;

/// <summary>
/// The commands of docs/operations.md "Rotate the cluster key" and "Rotate the session key" as an
/// operator types them: real `dms` (its own process, reloaded by SIGHUP) and real `dmscli`. With no
/// cluster attached a promote has nothing to prove; the proof per cluster is tested in
/// Dms.Service.Tests' ClusterKeyRotationTests. In the dmscli group, like every test here that runs
/// a dms of its own, so none runs beside another.
/// </summary>
[Collection(DmsCliTestGroup.Name)]
public sealed class KeyRotationCliTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("dmscli-keys-").FullName;
    private DmsProcess _dms = null!;

    private string Home => Path.Combine(_work, "home");
    private string ConfigDir => Path.Combine(_work, "dms", "etc");

    public async Task InitializeAsync()
    {
        _dms = await DmsProcess.StartAsync(Path.Combine(_work, "dms"));
        await LoginAsync();
    }

    public async Task DisposeAsync() => await _dms.DisposeAsync();

    [Fact]
    public async Task ClusterKey_NewShowPromote_AndEveryMistakeIsRefusedSayingWhatToDo()
    {
        var oldId = _dms.PubKeyId;
        var promoteFirst = await DmsCliFixture.RunAsync(Home, "promote", "credential");
        Assert.True(promoteFirst.ExitCode != ExitCodes.Ok, DmsCliFixture.Describe(promoteFirst));
        Assert.Contains("no next cluster key", promoteFirst.Stderr, StringComparison.Ordinal);

        var created = await ChildProcess.RunAsync("dms", ["cluster-key", "new", "--config-dir", ConfigDir]);
        Assert.True(created.ExitCode == 0, created.Stderr);
        var nextId = File.ReadAllText(Path.Combine(ConfigDir, "cluster-key.next.id")).Trim();
        Assert.Contains($"next cluster key {nextId}", created.Stdout, StringComparison.Ordinal);
        var again = await ChildProcess.RunAsync("dms", ["cluster-key", "new", "--config-dir", ConfigDir]);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains($"a next cluster key exists already: {nextId}", again.Stderr, StringComparison.Ordinal);

        var shown = await DmsCliFixture.RunAsync(Home, "get", "credential");
        Assert.Matches($"pubKeyId +{oldId}", shown.Stdout);
        Assert.Contains($"next: {nextId}", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains($"lbcli create credential --project-name=system --type=rsa256pubkey --id={nextId} {nextId}.pem", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("dmscli promote credential", shown.Stdout, StringComparison.Ordinal);

        var promoted = await DmsCliFixture.RunAsync(Home, "promote", "credential");
        Assert.True(promoted.ExitCode == ExitCodes.Ok, DmsCliFixture.Describe(promoted));
        Assert.Contains($"DMS now signs with {nextId}", promoted.Stdout, StringComparison.Ordinal);
        Assert.Contains($"lbcli delete credential --project-name=system --id={oldId}", promoted.Stdout, StringComparison.Ordinal);
        Assert.Equal(nextId, File.ReadAllText(Path.Combine(ConfigDir, "cluster-key.id")).Trim());
        Assert.Equal(oldId, File.ReadAllText(Path.Combine(ConfigDir, "cluster-key.previous.id")).Trim());
        Assert.False(File.Exists(Path.Combine(ConfigDir, "cluster-key.next.pem")));
    }

    [Fact]
    public async Task SessionKey_RotateThenSighup_RefusesEveryEarlierLogin_AndLoggingInAgainWorks()
    {
        var rotated = await ChildProcess.RunAsync("dms", ["session-key", "rotate", "--config-dir", ConfigDir]);
        Assert.True(rotated.ExitCode == 0, rotated.Stderr);
        Assert.Equal(ExitCodes.Ok, (await DmsCliFixture.RunAsync(Home, "list", "clusters")).ExitCode);

        await _dms.HangupAsync();

        await Poll.UntilAsync(() => DmsCliFixture.RunAsync(Home, "list", "clusters"), r => r.ExitCode == ExitCodes.Auth,
            "dms to refuse the session token issued before the rotation", timeout: TimeSpan.FromSeconds(90), describe: DmsCliFixture.Describe);
        await LoginAsync();
        var listed = await DmsCliFixture.RunAsync(Home, "list", "clusters");
        Assert.True(listed.ExitCode == ExitCodes.Ok, DmsCliFixture.Describe(listed));
    }

    private async Task LoginAsync()
    {
        var login = await DmsCliFixture.RunAsync(Home, "login", $"--username={DmsProcess.User}", $"--password={DmsProcess.Password}",
            $"--base-url={_dms.BaseUrl}", $"--ca-cert={_dms.TlsCertPath}");
        Assert.True(login.ExitCode == 0, login.Stderr);
    }
}
