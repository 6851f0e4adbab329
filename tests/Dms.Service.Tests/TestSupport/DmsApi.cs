using System.Net.Http.Json;
using System.Text.Json;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Dms.Service.Tests.TestSupport;

/// <summary>The dms REST calls tests make over HTTPS (against an in-process host or a real process alike).</summary>
internal static class DmsApi
{
    /// <summary>Step 2 of the guide: the cluster admin imports DMS's public key as a system credential.</summary>
    /// <param name="next">The next key of a rotation instead (docs/operations.md "Rotate the cluster key").</param>
    public static async Task ImportKeyAsync(HttpClient dms, TestCluster cluster, bool next = false)
    {
        var all = await Json.ReadAsync(await dms.GetAsync("/api/v1/service-credentials"));
        var credentials = next ? all.GetProperty("next") : all;
        await cluster.Client().CreateCredentialAsync("system", new CreateCredentialRequest
        {
            Id = credentials.GetProperty("pubKeyId").GetString(),
            Type = CredentialType.RS256PubKey,
            Payload = Convert.FromBase64String(credentials.GetProperty("pubKey").GetString()!),
        });
    }

    /// <summary>POSTs a request that starts a workflow and returns its id.</summary>
    public static async Task<Guid> StartAsync(HttpClient dms, string path, object body)
    {
        using var response = await dms.PostAsJsonAsync(path, body);
        var json = await Json.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return Guid.Parse(json.GetProperty("workflowId").GetString()!);
    }

    /// <summary>For <see cref="Dms.Testing.ApiWorkflows.UntilAsync"/>: the copy has written something.</summary>
    public static bool CopyStarted(JsonElement workflow) =>
        workflow.GetProperty("progress").TryGetProperty("bytesDone", out var done) && done.GetString() != "0";
}
