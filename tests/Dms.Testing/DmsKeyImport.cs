using System.Text.Json;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Dms.Testing;

/// <summary>
/// The guide's step 2 (spec §3 Service credentials): read DMS's public key from the API, decode it
/// to a PEM file, and import it into an lbemu cluster with `lbcli create credential`.
/// </summary>
public static class DmsKeyImport
{
    /// <param name="dms">A client logged in to dms.</param>
    public static async Task ImportAsync(HttpClient dms, string clusterDataDir)
    {
        ArgumentNullException.ThrowIfNull(dms);
        var credentials = JsonDocument.Parse(await dms.GetStringAsync("/api/v1/service-credentials")).RootElement;
        var pem = Path.Combine(clusterDataDir, "dms-pub-key.pem");
        await File.WriteAllBytesAsync(pem, Convert.FromBase64String(credentials.GetProperty("pubKey").GetString()!));
        var result = await ChildProcess.RunAsync("lbcli", ["--data-dir", clusterDataDir, "create", "credential", "--project-name=system",
            "--type=rsa256pubkey", $"--id={credentials.GetProperty("pubKeyId").GetString()}", pem]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"lbcli create credential failed ({result.ExitCode}): {result.Stderr}");
        }
    }

    /// <summary>The same import into an in-process cluster, through its API as the cluster admin would.</summary>
    /// <param name="next">The next key of a rotation instead (docs/operations.md "Rotate the cluster key").</param>
    public static async Task ImportAsync(HttpClient dms, TestCluster cluster, bool next = false)
    {
        ArgumentNullException.ThrowIfNull(dms);
        ArgumentNullException.ThrowIfNull(cluster);
        var all = JsonDocument.Parse(await dms.GetStringAsync("/api/v1/service-credentials")).RootElement;
        var credentials = next ? all.GetProperty("next") : all;
        await cluster.Client().CreateCredentialAsync("system", new CreateCredentialRequest
        {
            Id = credentials.GetProperty("pubKeyId").GetString(),
            Type = CredentialType.RS256PubKey,
            Payload = Convert.FromBase64String(credentials.GetProperty("pubKey").GetString()!),
        });
    }
}
