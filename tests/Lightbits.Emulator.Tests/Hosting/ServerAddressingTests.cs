using System.Net;
using System.Text.Json;
using Lightbits.Emulator.Hosting;
using Lightbits.Emulator.Testing;
using NvmeTcp.Host;

namespace Lightbits.Emulator.Tests.Hosting;

/// <summary>
/// --server-addresses: every server on an address of its own and the same ports on all, as a real cluster.
/// The bases here (127.0.30.1, 127.0.40.1) differ from the demo's (127.0.10.1, 127.0.20.1), so a demo and
/// these tests can run on one machine at once.
/// </summary>
public sealed class ServerAddressingTests
{
    private static readonly int[] ApiPorts = [ServerAddressing.RealApiPort, ServerAddressing.UnprivilegedApiPort];

    [Fact]
    public async Task TwoClusters_EachServerOnItsOwnAddress_ShareTheRealPorts_AndReportAndDiscoverTheirOwnAddresses()
    {
        await using var a = await TestCluster.StartAsync(o => o with { ServerAddressBase = "127.0.30.1" });
        await using var b = await TestCluster.StartAsync(o => o with { ServerAddressBase = "127.0.40.1" });

        foreach (var (cluster, network) in new[] { (a, "127.0.30."), (b, "127.0.40.") })
        {
            var servers = cluster.Report.Servers;
            for (var i = 0; i < servers.Count; i++)
            {
                var address = $"{network}{1 + i}";
                Assert.Equal(address, IPEndPoint.Parse(servers[i].ApiEndpoint).Address.ToString());
                Assert.Equal($"{address}:{ServerAddressing.RealNvmePort}", servers[i].NvmeEndpoint);
                Assert.Equal($"{address}:{ServerAddressing.RealDiscoveryPort}", servers[i].DiscoveryEndpoint);
                Assert.True(Probe.Accepts(servers[i].ApiEndpoint), $"{servers[i].Name}'s API on {servers[i].ApiEndpoint}");
            }

            Assert.Single(servers.Select(s => IPEndPoint.Parse(s.ApiEndpoint).Port).Distinct());
            Assert.Contains(IPEndPoint.Parse(servers[0].ApiEndpoint).Port, ApiPorts);
            var written = JsonSerializer.Deserialize<StartupReport>(await File.ReadAllTextAsync(Path.Combine(cluster.DataDir, "cluster.json")))!;
            Assert.Equal(servers.Select(s => (s.ApiEndpoint, s.DiscoveryEndpoint, s.NvmeEndpoint)), written.Servers.Select(s => (s.ApiEndpoint, s.DiscoveryEndpoint, s.NvmeEndpoint)));

            var log = await NvmeTcpHost.DiscoverAsync(IPEndPoint.Parse(servers[^1].DiscoveryEndpoint), new NvmeHostOptions { LinuxStrict = true });
            Assert.Equal(servers.Select(s => s.NvmeEndpoint), log.Entries.Select(e => $"{e.TransportAddress}:{e.TransportServiceId}"));
        }
    }

    [Fact]
    public async Task Restart_KeepsEveryServersAddressAndThePorts()
    {
        var cluster = await TestCluster.StartAsync(o => o with { ServerAddressBase = "127.0.30.1" }, servers: 2);
        var before = cluster.Report.Servers.Select(s => (s.ApiEndpoint, s.DiscoveryEndpoint, s.NvmeEndpoint)).ToList();
        await using var restarted = await cluster.RestartAsync();
        Assert.Equal(before, restarted.Report.Servers.Select(s => (s.ApiEndpoint, s.DiscoveryEndpoint, s.NvmeEndpoint)));
    }

    [Fact]
    public async Task ExplicitPorts_AreEveryServersPorts()
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { ServerAddressBase = "127.0.30.1", ApiPort = 9443, NvmePort = 14420, DiscoveryPort = 18009 }, servers: 2);
        Assert.Equal(["127.0.30.1:9443", "127.0.30.2:9443"], cluster.Report.Servers.Select(s => s.ApiEndpoint));
        Assert.Equal(["127.0.30.1:14420", "127.0.30.2:14420"], cluster.Report.Servers.Select(s => s.NvmeEndpoint));
        Assert.Equal(["127.0.30.1:18009", "127.0.30.2:18009"], cluster.Report.Servers.Select(s => s.DiscoveryEndpoint));
    }

    [Theory]
    [InlineData("127.0.0.10", 3, null)]
    [InlineData("127.255.255.254", 2, null)]
    [InlineData("127.255.255.254", 3, "leaves no room for 3 servers inside 127.0.0.0/8")]
    [InlineData("255.255.255.255", 2, "leaves no room for 2 servers")]
    [InlineData("::1", 1, "is not an IPv4 address")]
    [InlineData("server00", 1, "is not an IPv4 address")]
    public void Problem_NamesABaseThatCannotHoldTheServers(string baseAddress, int servers, string? problem)
    {
        if (problem is null)
        {
            Assert.Null(ServerAddressing.Problem(baseAddress, servers));
        }
        else
        {
            Assert.Contains(problem, ServerAddressing.Problem(baseAddress, servers), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Offset_CarriesIntoTheNextOctet() =>
        Assert.Equal(IPAddress.Parse("127.0.1.0"), ServerAddressing.Offset(IPAddress.Parse("127.0.0.255"), 1));
}
