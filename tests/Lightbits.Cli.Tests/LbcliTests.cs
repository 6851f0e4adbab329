using System.Security.Cryptography;
using System.Text.Json;
using Lightbits.Api.Auth;
using Lightbits.Emulator.Testing;

namespace Lightbits.Cli.Tests;

/// <summary>lbcli as an operator runs it: a real child process against a real lbemu cluster.</summary>
public sealed class LbcliTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private string _work = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(o => o with { CreateDelay = TimeSpan.Zero, DeleteDelay = TimeSpan.Zero }, servers: 2);
        _work = Directory.CreateTempSubdirectory("lbcli-test-").FullName;
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private Task<ChildProcess.Result> Lbcli(params string[] args) =>
        ChildProcess.RunAsync("lbcli", ["--data-dir", _cluster.DataDir, .. args]);

    private string WriteKeyPair(out RSA key)
    {
        key = RSA.Create(2048);
        var pem = Path.Combine(_work, "pub-key.pem");
        File.WriteAllText(pem, key.ExportSubjectPublicKeyInfoPem());
        return pem;
    }

    [Fact]
    public async Task CreateCredential_DocumentedForm_LetsTheKeyHolderActAsClusterAdmin()
    {
        var pem = WriteKeyPair(out var key);
        var result = await Lbcli("create", "credential", "--project-name=system", "--type=rsa256pubkey", "--id=dms-4c26b680-7bf8-11ef-98e2-e338f5c94dea", pem);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("dms-4c26b680-7bf8-11ef-98e2-e338f5c94dea", result.Stdout, StringComparison.Ordinal);
        var token = Jwt.Mint(key, "system:dms-4c26b680-7bf8-11ef-98e2-e338f5c94dea", [Jwt.ClusterAdminRole], "dms", TimeSpan.FromMinutes(5));
        Assert.Equal(_cluster.Report.ClusterUuid, (await _cluster.Client(token).GetClusterAsync()).Uuid);
    }

    [Fact]
    public async Task VolumeAndSnapshotLifecycle_JsonOutputIsTheApiShape()
    {
        var created = await Lbcli("create", "volume", "--name=vol1", "--size=4 Gib", "--acl=acl1", "--replica-count=1", "-o", "json");
        Assert.Equal(0, created.ExitCode);
        var volume = JsonDocument.Parse(created.Stdout).RootElement;
        Assert.Equal("4294967296", volume.GetProperty("size").GetString());
        Assert.Equal("acl1", volume.GetProperty("acl").GetProperty("values")[0].GetString());

        var listed = await Lbcli("list", "volumes");
        Assert.StartsWith("Name", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("4.0 GiB", listed.Stdout, StringComparison.Ordinal);

        var snapshot = await Lbcli("create", "snapshot", "--name=s1", "--source-volume-name=vol1", "-o", "yaml");
        Assert.Equal(0, snapshot.ExitCode);
        Assert.Contains("name: s1", snapshot.Stdout, StringComparison.Ordinal);
        Assert.Contains("size: \"4294967296\"", snapshot.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, (await Lbcli("delete", "snapshot", "--name=s1")).ExitCode);
        Assert.Equal(0, (await Lbcli("delete", "volume", "--name=vol1")).ExitCode);
        Assert.Equal(3, (await Lbcli("get", "volume", "--name=vol1")).ExitCode);
    }

    [Fact]
    public async Task ListChangedBlocks_ShowsTheWrittenExtents()
    {
        await Lbcli("create", "volume", "--name=v", "--size=1 gib", "--acl=ALLOW_NONE");
        var volume = (await _cluster.Client().FindVolumeByNameAsync("default", "v"))!;
        await _cluster.Blocks.GetVolume(Guid.Parse(volume.Uuid!)).WriteAsync(2 << 20, new byte[4096].Select(_ => (byte)7).ToArray());
        var snapshot = await _cluster.Client().CreateSnapshotAsync("default", new Lightbits.Api.Model.CreateSnapshotRequest { Name = "s", SourceVolumeUuid = volume.Uuid });

        var table = await Lbcli("list", "changed-blocks", "--project-name", "default", "--current-snapshot-uuid", snapshot.Uuid!);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("512        16", table.Stdout, StringComparison.Ordinal);
        var json = JsonDocument.Parse((await Lbcli("list", "changed-blocks", "--current-snapshot-uuid", snapshot.Uuid!, "-o", "json")).Stdout).RootElement;
        Assert.Equal("0", json.GetProperty("nextOffsetLBA").GetString());
        Assert.Equal("512", json.GetProperty("lbaRanges")[0].GetProperty("lbaStart").GetString());
    }

    [Fact]
    public async Task CreateJwt_MintsATokenTheClusterAccepts()
    {
        var pem = WriteKeyPair(out var key);
        await Lbcli("create", "credential", "--project-name=system", "--type=rsa256pubkey", "--id=ops", pem);
        var privatePem = Path.Combine(_work, "private.pem");
        File.WriteAllText(privatePem, key.ExportPkcs8PrivateKeyPem());

        var minted = await Lbcli("create", "jwt", "--role", "system:cluster-admin", "--key", privatePem, "--key-id", "system:ops");
        Assert.Equal(0, minted.ExitCode);
        var cluster = await ChildProcess.RunAsync("lbcli", ["--endpoint", _cluster.ApiEndpoints[1], "--ca-cert", _cluster.Report.TlsCertPath, "-J", minted.Stdout.Trim(), "get", "cluster", "-o", "json"]);
        Assert.Equal(0, cluster.ExitCode);
        Assert.Equal(_cluster.Report.ClusterUuid, JsonDocument.Parse(cluster.Stdout).RootElement.GetProperty("UUID").GetString());
    }

    [Theory]
    [InlineData(2, "--size: size \"10 zib\" has an unknown unit", "create", "volume", "--name=v", "--size=10 zib")]
    [InlineData(2, "Option '--id' is required", "create", "credential", "--type=rsa256pubkey", "/dev/null")]
    [InlineData(2, "--type \"dsa\" is not supported", "create", "credential", "--type=dsa", "--id=x", "/dev/null")]
    [InlineData(2, "--output \"xml\" must be human, json or yaml", "list", "volumes", "-o", "xml")]
    [InlineData(1, "name \"bad name\" may contain only", "create", "volume", "--name=bad name", "--size=1gib")]
    [InlineData(3, "project \"nope\" not found", "list", "volumes", "--project-name=nope")]
    [InlineData(2, "give --uuid or --name", "get", "volume")]
    public async Task BadInput_OneLineMessage_AndDocumentedExitCode(int exitCode, string message, params string[] args)
    {
        var result = await Lbcli(args);
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongJwt_ExitsWithAuthCode()
    {
        var result = await Lbcli("-J", "not-a-token", "list", "volumes");
        Assert.Equal(4, result.ExitCode);
        Assert.Contains("401", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntrustedCertificate_SaysHowToTrustIt()
    {
        var result = await ChildProcess.RunAsync("lbcli", ["--endpoint", _cluster.ApiEndpoints[0], "-J", _cluster.SystemJwt, "list", "volumes"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--ca-cert", result.Stderr, StringComparison.Ordinal);
    }
}
