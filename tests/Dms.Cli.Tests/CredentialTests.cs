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
