using System.Net;
using System.Net.Http.Json;
using Common.Testing;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;
using NvmeTcp.Host;

namespace Lightbits.Emulator.Tests.Data;

/// <summary>Volumes over real NVMe/TCP sockets, as a host (DMS) sees them.</summary>
public sealed class DataPlaneTests : IAsyncLifetime
{
    private const string Host = "nqn.2014-08.org.nvmexpress:uuid:0f4c1a2e-7c55-4a57-9b2e-4d0b6f7e1a01";
    private const string Stranger = "nqn.2014-08.org.nvmexpress:uuid:99999999-7c55-4a57-9b2e-4d0b6f7e1a01";
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static byte[] Pattern(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public async Task Discovery_OnAnyServer_ListsTheSubsystemOnEveryServersNvmeEndpoint()
    {
        var log = await NvmeTcpHost.DiscoverAsync(IPEndPoint.Parse(_cluster.Report.Servers[1].DiscoveryEndpoint), new NvmeHostOptions { HostNqn = Host });

        Assert.Equal(
            _cluster.Report.Servers.Select(s => s.NvmeEndpoint).Order(),
            log.Entries.Select(e => $"{e.TransportAddress}:{e.TransportServiceId}").Order());
        Assert.All(log.Entries, e => Assert.Equal(_cluster.Report.SubsystemNqn, e.SubsystemNqn));
    }

    [Fact]
    public async Task Volume_IsANamespaceWithItsUuidAndSize_AndKeepsWhatIsWritten()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("v", "64 mib", Host);
        var data = Pattern(1 << 20, 1);

        await using (var device = await _cluster.OpenAsync(volume, Host))
        {
            Assert.Equal(Guid.Parse(volume.Uuid!), device.NamespaceUuid);
            Assert.Equal((long)volume.Size, device.Capacity);
            Assert.Equal(4096, device.SectorSize);
            await device.WriteAsync(8 << 20, data);
            await device.FlushAsync();
            var back = new byte[data.Length];
            await device.ReadAsync(8 << 20, back);
            Assert.Equal(data, back);
            var untouched = new byte[4096];
            await device.ReadAsync(0, untouched);
            Assert.All(untouched, b => Assert.Equal(0, b));
        }

        // The bytes are in the cluster's store, not in a cache of the connection.
        var stored = new byte[data.Length];
        await _cluster.Blocks.GetVolume(Guid.Parse(volume.Uuid!)).ReadAsync(8 << 20, stored);
        Assert.Equal(data, stored);
    }

    [Fact]
    public async Task HostNotInAcl_DoesNotSeeTheNamespace_UntilTheAclAdmitsIt()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("v", "16 mib", Host);
        await using var controller = await NvmeTcpHost.ConnectAsync(_cluster.PrimaryEndpointOf(volume), _cluster.Report.SubsystemNqn, new NvmeHostOptions { HostNqn = Stranger });
        Assert.DoesNotContain(volume.Nsid, await controller.GetActiveNamespaceIdsAsync());

        await _cluster.Client().UpdateVolumeAsync("default", volume.Uuid!, v => new UpdateVolumeRequest { Acl = StringList.Of([.. v.Acl!.Values, Stranger]) });
        _cluster.Settle();
        Assert.Contains(volume.Nsid, await controller.GetActiveNamespaceIdsAsync());
    }

    [Fact]
    public async Task AllowNone_HidesFromEveryone_AllowAny_ShowsToAnyone()
    {
        var hidden = await _cluster.CreateAvailableVolumeAsync("hidden", "16 mib", StringList.AllowNone);
        var open = await _cluster.CreateAvailableVolumeAsync("open", "16 mib", StringList.AllowAny);
        await using var controller = await NvmeTcpHost.ConnectAsync(_cluster.PrimaryEndpointOf(open), _cluster.Report.SubsystemNqn, new NvmeHostOptions { HostNqn = Stranger });
        var visible = await controller.GetActiveNamespaceIdsAsync();
        Assert.Contains(open.Nsid, visible);
        Assert.DoesNotContain(hidden.Nsid, visible);
    }

    [Fact]
    public async Task IoThroughANonPrimaryServer_FailsWithAnaInaccessible()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("v", "16 mib", Host);
        var other = _cluster.State.Identity.Servers.First(s => s.NodeUuid != volume.PrimaryNodeUuid);
        await using var device = await _cluster.OpenAsync(volume, Host, IPEndPoint.Parse(other.NvmeEndpoint));

        var error = await Assert.ThrowsAsync<NvmeException>(async () => await device.ReadAsync(0, new byte[4096]));
        Assert.Equal(NvmeErrorKind.AnaInaccessible, error.Kind);
        Assert.True(error.IsRetryable);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Snapshot_IsPointInTime_AndACloneOfItSharesThatData(bool memoryStorage)
    {
        await using var memoryCluster = memoryStorage ? await TestCluster.StartAsync(o => o with { MemoryStorage = true }) : null;
        var cluster = memoryCluster ?? _cluster;
        var volume = await cluster.CreateAvailableVolumeAsync("src", "16 mib", Host);
        var before = Pattern(65536, 2);
        var after = Pattern(65536, 3);
        await using (var device = await cluster.OpenAsync(volume, Host))
        {
            await device.WriteAsync(0, before);
            await device.FlushAsync();
            var snapshot = await cluster.Client().CreateSnapshotAsync("default", new CreateSnapshotRequest { Name = "s", SourceVolumeUuid = volume.Uuid });
            await device.WriteAsync(0, after);
            cluster.Settle();

            var clone = await cluster.Client().CreateVolumeAsync("default", new CreateVolumeRequest
            {
                Name = "clone", ReplicaCount = 1, Acl = StringList.Of(Host), SourceSnapshotUuid = snapshot.Uuid,
            });
            cluster.Settle();
            clone = await cluster.Client().GetVolumeAsync("default", clone.Uuid!);
            await using var cloneDevice = await cluster.OpenAsync(clone, Host);
            var read = new byte[before.Length];
            await cloneDevice.ReadAsync(0, read);
            Assert.Equal(before, read);
            await device.ReadAsync(0, read);
            Assert.Equal(after, read);
        }
    }

    [Fact]
    public async Task FlushedData_SurvivesAnEmulatorRestart()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("v", "16 mib", Host);
        var data = Pattern(131072, 4);
        await using (var device = await _cluster.OpenAsync(volume, Host))
        {
            await device.WriteAsync(4096, data);
            await device.FlushAsync();
        }

        _cluster = await _cluster.RestartAsync();
        await using var again = await _cluster.OpenAsync(volume, Host);
        var read = new byte[data.Length];
        await again.ReadAsync(4096, read);
        Assert.Equal(data, read);
    }

    [Fact]
    public async Task DroppedConnections_GiveARetryableError_AndTheNextIoReconnects()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("v", "16 mib", Host);
        var server = _cluster.State.Identity.Servers.Single(s => s.NodeUuid == volume.PrimaryNodeUuid);
        await using var device = await _cluster.OpenAsync(volume, Host);
        await device.WriteAsync(0, Pattern(4096, 5));

        (await _cluster.Http().PostAsync($"/_emulator/servers/{server.Name}/drop-connections", JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        await Poll.UntilAsync(() => !device.Controller.IsConnected, "the controller notices the drop");

        var read = new byte[4096];
        await device.ReadAsync(0, read);
        Assert.Equal(Pattern(4096, 5), read);
    }

    [Fact]
    public async Task StoppedServer_RefusesNvmeConnections()
    {
        var victim = _cluster.Report.Servers[2];
        await _cluster.Http().PostAsync($"/_emulator/servers/{victim.Name}/stop", JsonContent.Create(new { }));
        await Poll.UntilAsync(() => !Probe.Accepts(victim.NvmeEndpoint) && !Probe.Accepts(victim.DiscoveryEndpoint), "the NVMe listeners are closed");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // whole chunks: received into lent blocks, refused at commit
    public async Task ClusterOutOfSpace_WriteFailsWithCapacityExceeded(bool memoryStorage)
    {
        await using var small = await TestCluster.StartAsync(o => o with { CapacityBytes = 1 << 20, MemoryStorage = memoryStorage }, servers: 1);
        var volume = await small.CreateAvailableVolumeAsync("v", "64 mib", Host);
        await using var device = await small.OpenAsync(volume, Host);
        await device.WriteAsync(0, Pattern(1 << 20, 6));

        var error = await Assert.ThrowsAsync<NvmeException>(async () => await device.WriteAsync(32 << 20, Pattern(65536, 7)));
        Assert.Equal(0x81, error.StatusCode);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task DeletedVolume_DisappearsFromTheSubsystem()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("v", "16 mib", Host);
        await using var controller = await NvmeTcpHost.ConnectAsync(_cluster.PrimaryEndpointOf(volume), _cluster.Report.SubsystemNqn, new NvmeHostOptions { HostNqn = Host });
        Assert.Contains(volume.Nsid, await controller.GetActiveNamespaceIdsAsync());

        await _cluster.Client().DeleteVolumeAsync("default", volume.Uuid!);
        _cluster.Settle();
        Assert.DoesNotContain(volume.Nsid, await controller.GetActiveNamespaceIdsAsync());
    }
}
