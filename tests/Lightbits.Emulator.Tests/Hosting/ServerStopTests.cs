using System.Net.Http.Json;
using Common.Testing;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Lightbits.Emulator.Tests.Hosting;

public sealed class ServerStopTests
{
    [Fact]
    public async Task StoppedServer_RefusesConnections_AndStartsAgainOnTheSamePort()
    {
        await using var cluster = await TestCluster.StartAsync();
        var victim = cluster.Report.Servers[0];
        var admin = cluster.Client(endpoints: [cluster.ApiEndpoints[1]]);

        await cluster.Http().PostAsync($"/_emulator/servers/{victim.Name}/stop", JsonContent.Create(new { }));
        await Poll.UntilAsync(() => !Probe.Accepts(victim.ApiEndpoint), $"{victim.Name} refuses connections on {victim.ApiEndpoint}");
        Assert.Contains((await admin.ListServersAsync()), s => s.Name == victim.Name && s.State == ServerState.Failed);

        var other = cluster.Http();
        other.BaseAddress = new Uri($"https://{cluster.ApiEndpoints[1]}");
        (await other.PostAsync($"/_emulator/servers/{victim.Name}/start", JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        await Poll.UntilAsync(() => Probe.Accepts(victim.ApiEndpoint), $"{victim.Name} accepts connections on {victim.ApiEndpoint} again");
        Assert.Equal(cluster.Report.ClusterUuid, (await cluster.Client(endpoints: [victim.ApiEndpoint]).GetClusterAsync()).Uuid);
    }
}
