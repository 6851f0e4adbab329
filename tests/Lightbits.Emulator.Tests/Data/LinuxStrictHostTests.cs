using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;
using NvmeTcp.Host;
using NvmeTcp.Nvme;

namespace Lightbits.Emulator.Tests.Data;

/// <summary>
/// lbemu's NVMe/TCP side as the Linux host judges it (issue 15: Linux refused lbemu with "Invalid MNAN
/// value 0"): DMS's host in Linux-strict mode discovers through every server, connects to every server,
/// identifies, reads the ANA log and writes and reads volumes, and any field Linux would refuse fails the
/// test naming it.
/// </summary>
public sealed class LinuxStrictHostTests
{
    private const string Host = "nqn.2014-08.org.nvmexpress:uuid:5a1e0000-7c55-4a57-9b2e-4d0b6f7e1a01";
    private const string OtherHost = "nqn.2014-08.org.nvmexpress:uuid:5a1e0000-7c55-4a57-9b2e-4d0b6f7e1a02";

    /// <param name="serverAddressBase">
    /// Null: every server on 127.0.0.1 with ports of its own; else each server on its own address from this base with
    /// the real ports. One base per case, none shared with other tests (ServerAddressingTests use 127.0.30/40, the demo
    /// 127.0.10/20), so no case waits for another's ports to be free again.
    /// </param>
    [Theory]
    [InlineData(false, false, null)]
    [InlineData(true, false, null)]
    [InlineData(false, true, null)]
    [InlineData(true, true, null)]
    [InlineData(false, false, "127.0.50.1")]
    [InlineData(true, true, "127.0.51.1")]
    public async Task EveryServer_PassesEveryLinuxCheck_FromDiscoveryToReadWrite(bool headerDigest, bool dataDigest, string? serverAddressBase)
    {
        await using var cluster = await TestCluster.StartAsync(o => o with { ServerAddressBase = serverAddressBase });
        var volume = await cluster.CreateAvailableVolumeAsync("strict", "64 mib", Host);
        var small = await CreateAvailableVolumeAsync(cluster, "small-sectors", "16 mib", 512, Host);
        var hidden = await cluster.CreateAvailableVolumeAsync("hidden", "16 mib", OtherHost);
        // One options instance is one Linux host: its sessions are judged together (CNTLIDs, shared namespaces).
        var strict = Strict(Host) with { HeaderDigest = headerDigest, DataDigest = dataDigest };

        var logs = new List<DiscoveryLog>();
        foreach (var server in cluster.Report.Servers)
        {
            logs.Add(await NvmeTcpHost.DiscoverAsync(IPEndPoint.Parse(server.DiscoveryEndpoint), strict));
        }
        var log = logs[0];
        Assert.Equal(cluster.Report.Servers.Select(s => s.NvmeEndpoint), log.Entries.Select(e => $"{e.TransportAddress}:{e.TransportServiceId}"));
        Assert.All(logs, other => Assert.Equal(log.Entries, other.Entries));

        await using var controllers = await ConnectAllAsync(log, strict);
        foreach (var controller in controllers)
        {
            Assert.Equal([volume.Nsid, small.Nsid], (await controller.GetActiveNamespaceIdsAsync()).Order());
            foreach (var v in new[] { volume, small })
            {
                var identified = await controller.IdentifyNamespaceAsync(v.Nsid);
                Assert.Equal(Guid.Parse(v.Uuid!), identified.Uuid);
                Assert.Equal((int)v.SectorSize, identified.BlockSize);
            }
            var error = await Assert.ThrowsAsync<NvmeException>(() => controller.IdentifyNamespaceAsync(hidden.Nsid));
            Assert.Equal(NvmeErrorKind.CommandFailed, error.Kind);
            Assert.Contains(await controller.GetAnaGroupsAsync(), g => g.NamespaceIds.Contains(volume.Nsid));
        }

        foreach (var v in new[] { volume, small })
        {
            await using var device = await controllers.PrimaryOf(cluster, v).OpenNamespaceAsync(v.Nsid);
            Assert.Equal((int)v.SectorSize, device.SectorSize);
            var data = new byte[256 * 1024];
            new Random(15).NextBytes(data);
            await device.WriteAsync(1 << 20, data);
            await device.FlushAsync();
            var back = new byte[data.Length];
            await device.ReadAsync(1 << 20, back);
            Assert.Equal(data, back);
        }
    }

    [Fact]
    public async Task RecycledNsid_IsANewNamespaceOnEveryPath()
    {
        await using var cluster = await TestCluster.StartAsync(TestCluster.Instant);
        var first = await cluster.CreateAvailableVolumeAsync("first", "16 mib", Host);
        var strict = Strict(Host);
        await using var controllers = await ConnectAllAsync(await NvmeTcpHost.DiscoverAsync(IPEndPoint.Parse(cluster.Report.Servers[0].DiscoveryEndpoint), strict), strict);
        foreach (var controller in controllers)
        {
            Assert.Equal(Guid.Parse(first.Uuid!), (await controller.IdentifyNamespaceAsync(first.Nsid)).Uuid);
        }

        await cluster.Client().DeleteVolumeAsync("default", first.Uuid!);
        cluster.Settle();
        foreach (var controller in controllers)
        {
            Assert.Empty(await controller.GetActiveNamespaceIdsAsync()); // as Linux rescans on the namespace-changed notice
        }
        var second = await cluster.CreateAvailableVolumeAsync("second", "16 mib", Host);

        Assert.Equal(first.Nsid, second.Nsid);
        foreach (var controller in controllers)
        {
            Assert.Equal([second.Nsid], await controller.GetActiveNamespaceIdsAsync());
            Assert.Equal(Guid.Parse(second.Uuid!), (await controller.IdentifyNamespaceAsync(second.Nsid)).Uuid);
        }
    }

    [Fact]
    public async Task EveryNsidUpToNn_IsServed_AndACreateBeyondIsRefusedNamingTheLimit()
    {
        await using var cluster = await TestCluster.StartAsync(o => TestCluster.Instant(o) with { MaxNamespaces = 3 });
        var volumes = new List<Volume>();
        foreach (var name in new[] { "one", "two", "three" })
        {
            volumes.Add(await cluster.CreateAvailableVolumeAsync(name, "16 mib", Host));
        }
        Assert.Equal([1u, 2u, 3u], volumes.Select(v => v.Nsid));

        var refused = await CreateRawAsync(cluster, "four");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(9, refused.Code); // FailedPrecondition: the request is fine, the cluster has no NSID left
        Assert.Contains("every NVMe namespace ID 1..3", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.State.ListVolumes("default", showAll: true), v => v.Name == "four");

        // The top NSID passes Linux's checks: ANA group 3 of ANAGRPMAX 3.
        var strict = Strict(Host);
        await using (var controller = await NvmeTcpHost.ConnectAsync(cluster.PrimaryEndpointOf(volumes[2]), cluster.Report.SubsystemNqn, strict))
        {
            Assert.Equal(3u, (await controller.IdentifyNamespaceAsync(3)).AnaGroupId);
            await using var device = await controller.OpenNamespaceAsync(3);
            await device.WriteAsync(0, new byte[4096]);
        }

        await cluster.Client().DeleteVolumeAsync("default", volumes[1].Uuid!);
        cluster.Settle();
        var recycled = await cluster.CreateAvailableVolumeAsync("four", "16 mib", Host);
        Assert.Equal(2u, recycled.Nsid);
    }

    private static NvmeHostOptions Strict(string hostNqn) =>
        new() { HostNqn = hostNqn, LinuxStrict = true, IoQueueCount = 2, CommandTimeout = TimeSpan.FromSeconds(10) };

    private static async Task<Volume> CreateAvailableVolumeAsync(TestCluster cluster, string name, string size, uint sectorSize, string acl)
    {
        var client = cluster.Client();
        var created = await client.CreateVolumeAsync("default", new CreateVolumeRequest
        {
            Name = name, Size = size, ReplicaCount = 2, SectorSize = sectorSize, Acl = new StringList { Values = [acl] },
        });
        cluster.Settle();
        return await client.GetVolumeAsync("default", created.Uuid!);
    }

    private static async Task<(HttpStatusCode Status, int Code, string Message)> CreateRawAsync(TestCluster cluster, string name)
    {
        var body = $"{{\"name\":\"{name}\",\"size\":\"16 mib\",\"acl\":{{\"values\":[\"{Host}\"]}},\"replicaCount\":1}}";
        var response = await cluster.Http().PostAsync("/api/v2/projects/default/volumes", new StringContent(body, Encoding.UTF8, "application/json"));
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, error.RootElement.GetProperty("code").GetInt32(), error.RootElement.GetProperty("message").GetString()!);
    }

    private static async Task<Controllers> ConnectAllAsync(DiscoveryLog log, NvmeHostOptions strict)
    {
        var controllers = new Controllers(log);
        foreach (var entry in log.Entries)
        {
            var endPoint = new IPEndPoint(IPAddress.Parse(entry.TransportAddress), int.Parse(entry.TransportServiceId, CultureInfo.InvariantCulture));
            controllers.Add(await NvmeTcpHost.ConnectAsync(endPoint, entry.SubsystemNqn, strict));
        }
        return controllers;
    }

    /// <summary>One controller per discovery log entry, in the log's order, disposed together.</summary>
    private sealed class Controllers(DiscoveryLog log) : List<NvmeController>, IAsyncDisposable
    {
        public NvmeController PrimaryOf(TestCluster cluster, Volume volume) =>
            this[log.Entries.ToList().FindIndex(e => $"{e.TransportAddress}:{e.TransportServiceId}" == cluster.PrimaryEndpointOf(volume).ToString())];

        public async ValueTask DisposeAsync()
        {
            foreach (var controller in this)
            {
                await controller.DisposeAsync();
            }
        }
    }
}
