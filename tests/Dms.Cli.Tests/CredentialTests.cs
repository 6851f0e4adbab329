using System.Text;
using System.Text.Json;

namespace Dms.Cli.Tests;

[Collection(DmsCliTestGroup.Name)]
public sealed class CredentialTests(DmsCliFixture fixture)
{
    [Fact]
    public async Task GetCredential_Json_IsPubKeyIdAndTheBase64OfAPem()
    {
        var result = await fixture.RunAsync("get", "credential", "-o", "json");

        Assert.True(result.ExitCode == 0, DmsCliFixture.Describe(result));
        var credential = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal(fixture.Dms.PubKeyId, credential.GetProperty("pubKeyId").GetString());
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", Encoding.UTF8.GetString(Convert.FromBase64String(credential.GetProperty("pubKey").GetString()!)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCredential_YamlTableAndWide_CarryTheSameKey()
    {
        Assert.StartsWith($"pubKeyId: {fixture.Dms.PubKeyId}\npubKey: ", (await fixture.RunAsync("get", "credential", "-o", "yaml")).Stdout, StringComparison.Ordinal);
        Assert.Matches($"pubKeyId +{fixture.Dms.PubKeyId}", (await fixture.RunAsync("get", "credential")).Stdout);
        Assert.Contains("-----BEGIN PUBLIC KEY-----", (await fixture.RunAsync("get", "credential", "-o", "wide")).Stdout, StringComparison.Ordinal);
    }
}

/// <summary>Issue 16 finding 12: the key gets into a cluster with two commands, neither of them a copy of a 600-character line.</summary>
[Collection(DmsCliTestGroup.Name)]
public sealed class CredentialPemFileTests(DmsCliFixture fixture)
{
    [Fact]
    public async Task PemFile_IsAPublicKeyFile_AndThePrintedLbcliCommandImportsIt_SoTheClusterAttaches()
    {
        var pem = Path.Combine(fixture.Work, $"dms-{Guid.NewGuid():N}.pem");

        var result = await fixture.RunAsync("get", "credential", "--pem-file", pem);

        Assert.True(result.ExitCode == 0, DmsCliFixture.Describe(result));
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\n", await File.ReadAllTextAsync(pem), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(pem));
        var command = result.Stdout.Split('\n').Single(l => l.StartsWith("lbcli ", StringComparison.Ordinal));
        Assert.Equal($"lbcli create credential --project-name=system --type=rsa256pubkey --id={fixture.Dms.PubKeyId} {pem}", command);

        await using var cluster = await Dms.Testing.LbemuProcess.StartAsync(Path.Combine(fixture.Work, "pem-" + Guid.NewGuid().ToString("N")[..6]), "cluster-pem");
        var imported = await Lightbits.Emulator.Testing.ChildProcess.RunAsync("lbcli", ["--data-dir", cluster.DataDir, .. command.Split(' ')[1..]]);
        Assert.True(imported.ExitCode == 0, DmsCliFixture.Describe(imported));
        var attach = await fixture.RunAsync("attach", "cluster", $"--api-endpoint={cluster.ApiEndpoints[0]}", "--wait");
        Assert.True(attach.ExitCode == 0, DmsCliFixture.Describe(attach));
        Assert.Equal(0, (await fixture.RunAsync("detach", "cluster", "--cluster-id", "cluster-pem")).ExitCode);
    }

    [Fact]
    public async Task DefaultTable_ShowsThePubKeyIdAndTheNextStep_NotTheBase64Line_AndHelpShowsBothSteps()
    {
        var json = JsonDocument.Parse((await fixture.RunAsync("get", "credential", "-o", "json")).Stdout).RootElement;
        var table = (await fixture.RunAsync("get", "credential")).Stdout;

        Assert.DoesNotContain(json.GetProperty("pubKey").GetString()!, table, StringComparison.Ordinal);
        Assert.Contains("dmscli get credential --pem-file dms.pem", table, StringComparison.Ordinal);
        Assert.Contains($"--id={fixture.Dms.PubKeyId} dms.pem", table, StringComparison.Ordinal);
        var help = (await fixture.RunAsync("get", "credential", "--help")).Stdout;
        Assert.Contains("1. dmscli get credential --pem-file dms.pem", help, StringComparison.Ordinal);
        Assert.Contains("2. on the cluster: lbcli create credential --project-name=system --type=rsa256pubkey --id=<pubKeyId> dms.pem", help, StringComparison.Ordinal);
    }
}
