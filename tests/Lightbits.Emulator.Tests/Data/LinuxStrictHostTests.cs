using System.Globalization;
using System.Net;
using Lightbits.Emulator.Testing;
using NvmeTcp.Host;

namespace Lightbits.Emulator.Tests.Data;

/// <summary>
/// lbemu's NVMe/TCP side as the Linux host judges it (issue 15: Linux refused lbemu with "Invalid MNAN
/// value 0"): DMS's host in Linux-strict mode discovers, connects to every server, identifies, reads the
/// ANA log and writes and reads a volume, and any field Linux would refuse fails the test naming it.
/// </summary>
public sealed class LinuxStrictHostTests : IAsyncLifetime
{
    private const string Host = "nqn.2014-08.org.nvmexpress:uuid:5a1e0000-7c55-4a57-9b2e-4d0b6f7e1a01";
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task EveryServer_PassesEveryLinuxCheck_FromDiscoveryToReadWrite(bool headerDigest, bool dataDigest)
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("strict", "64 mib", Host);
        var other = await _cluster.CreateAvailableVolumeAsync("other", "16 mib", Host);
        // One options instance is one Linux host: its sessions are judged together (CNTLIDs, shared namespaces).
        var strict = new NvmeHostOptions { HostNqn = Host, LinuxStrict = true, HeaderDigest = headerDigest, DataDigest = dataDigest, IoQueueCount = 2, CommandTimeout = TimeSpan.FromSeconds(10) };

        var log = await NvmeTcpHost.DiscoverAsync(IPEndPoint.Parse(_cluster.Report.Servers[0].DiscoveryEndpoint), strict);
        Assert.Equal(_cluster.Report.Servers.Count, log.Entries.Count);
        var controllers = new List<NvmeController>();
        try
        {
            foreach (var entry in log.Entries)
            {
                var endPoint = new IPEndPoint(IPAddress.Parse(entry.TransportAddress), int.Parse(entry.TransportServiceId, CultureInfo.InvariantCulture));
                var controller = await NvmeTcpHost.ConnectAsync(endPoint, entry.SubsystemNqn, strict);
                controllers.Add(controller);
                Assert.Equal([volume.Nsid, other.Nsid], (await controller.GetActiveNamespaceIdsAsync()).Order());
                foreach (var v in new[] { volume, other })
                {
                    Assert.Equal(Guid.Parse(v.Uuid!), (await controller.IdentifyNamespaceAsync(v.Nsid)).Uuid);
                }
                Assert.Contains(await controller.GetAnaGroupsAsync(), g => g.NamespaceIds.Contains(volume.Nsid));
            }

            var primary = controllers[log.Entries.ToList().FindIndex(e => $"{e.TransportAddress}:{e.TransportServiceId}" == _cluster.PrimaryEndpointOf(volume).ToString())];
            await using var device = await primary.OpenNamespaceAsync(volume.Nsid);
            var data = new byte[256 * 1024];
            new Random(15).NextBytes(data);
            await device.WriteAsync(1 << 20, data);
            await device.FlushAsync();
            var back = new byte[data.Length];
            await device.ReadAsync(1 << 20, back);
            Assert.Equal(data, back);
        }
        finally
        {
            foreach (var controller in controllers)
            {
                await controller.DisposeAsync();
            }
        }
    }
}
