using System.Net.Http.Json;
using Common.Testing;
using Dms.Service.Clusters;
using Dms.Service.Tests.TestSupport;
using Dms.Workflows;
using Lightbits.Emulator.Testing;

namespace Dms.Service.Tests.Clusters;

/// <summary>
/// A cluster whose servers each present a certificate of their own: attach pins every one of
/// them, so DMS keeps working through another server when the one it attached through dies.
/// </summary>
public sealed class PerServerCertificateTests
{
    [Fact]
    public async Task Attach_PinsEveryServersCertificate_SoFailOverToAnotherServerIsTrusted()
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { CertificatePerServer = true }, servers: 2);
        await using var dms = await DmsTestHost.StartAsync();
        using var http = await dms.AuthorizedAsync();
        await DmsApi.ImportKeyAsync(http, cluster);
        var attach = await dms.Workflows.EndedAsync(await DmsApi.StartAsync(http, "/api/v1/clusters", new { apiEndpoint = cluster.ApiEndpoints[0] }));
        Assert.True(attach.State == WorkflowState.Completed, attach.Msg);
        var record = (await dms.Get<ClusterRegistry>().FindAsync(cluster.Report.ClusterUuid, default))!;
        Assert.Equal(cluster.Report.TlsCertSha256.Split(',').Order(), record.TlsSha256.Split(',').Order());

        using var admin = cluster.Http();
        admin.BaseAddress = new Uri($"https://{cluster.ApiEndpoints[1]}");
        (await admin.PostAsync($"/_emulator/servers/{cluster.Report.Servers[0].Name}/stop", JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        await Poll.UntilAsync(() => !Probe.Accepts(cluster.ApiEndpoints[0]), "the attach endpoint refuses connections");

        var client = (await dms.Get<ClusterConnections>().FindAsync(cluster.Report.ClusterUuid, default))!;
        Assert.Equal(cluster.Report.ClusterUuid, (await client.GetClusterAsync()).Uuid);
    }
}
