using System.Net.Http.Json;
using System.Text.Json;
using Dms.Testing;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Dms.Service.Tests.TestSupport;

/// <summary>The dms REST calls tests make over HTTPS (against an in-process host or a real process alike).</summary>
internal static class DmsApi
{
    /// <summary>Step 2 of the guide: the cluster admin imports DMS's public key as a system credential.</summary>
    /// <param name="next">The next key of a rotation instead.</param>
    public static Task ImportKeyAsync(HttpClient dms, TestCluster cluster, bool next = false) => DmsKeyImport.ImportAsync(dms, cluster, next);

    /// <summary>POSTs a request that starts a workflow and returns its id.</summary>
    public static async Task<Guid> StartAsync(HttpClient dms, string path, object body)
    {
        using var response = await dms.PostAsJsonAsync(path, body);
        var json = await Json.ReadAsync(response);
        Assert.True(response.IsSuccessStatusCode, json.ToString());
        return Guid.Parse(json.GetProperty("workflowId").GetString()!);
    }
}
