using NvmeTcp.Host;
using NvmeTcp.Nvme;
using NvmeTcp.Target;
using NvmeTcp.Tests.Support;

namespace NvmeTcp.Tests.Host;

public class DiscoveryAndAccessTests
{
    [Fact]
    public async Task Discover_ReturnsTheEntriesTheTargetSupplies()
    {
        DiscoveryLogEntry[] entries =
        [
            new("10.0.0.1", "4420", LoopbackTarget.SubsystemNqn) { PortId = 1 },
            new("10.0.0.2", "4420", LoopbackTarget.SubsystemNqn) { PortId = 2 },
        ];
        await using var target = new LoopbackTarget(new NvmeTcpTargetOptions { DiscoveryEntries = _ => entries });

        DiscoveryLog log = await NvmeTcpHost.DiscoverAsync(target.EndPoint, TestOptions.Host());

        Assert.Equal(entries, log.Entries);
        Assert.NotEqual(0UL, log.Generation);
    }

    [Fact]
    public async Task Connect_WithHostNqnNotAllowed_IsRefusedAsInvalidHost()
    {
        var policy = new DelegateAccessPolicy(host => host == "nqn.2014-08.org.nvmexpress:uuid:allowed", (_, _) => true);
        await using var target = new LoopbackTarget(policy: policy);

        NvmeException error = await Assert.ThrowsAsync<NvmeException>(() =>
            NvmeTcpHost.ConnectAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, TestOptions.Host() with { HostNqn = "nqn.2014-08.org.nvmexpress:uuid:other" }));

        Assert.Equal((1, 0x84), (error.StatusCodeType, error.StatusCode));
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task Connect_ToUnknownSubsystem_IsRefusedAsInvalidParameters()
    {
        await using var target = new LoopbackTarget();
        NvmeException error = await Assert.ThrowsAsync<NvmeException>(() => NvmeTcpHost.ConnectAsync(target.EndPoint, "nqn.2016-06.io.test:nope", TestOptions.Host()));
        Assert.Equal((1, 0x82), (error.StatusCodeType, error.StatusCode));
    }

    [Fact]
    public async Task HiddenNamespace_IsAbsentForThatHostAndAppearsWhenTheAclChanges()
    {
        const string hostNqn = "nqn.2014-08.org.nvmexpress:uuid:11111111-2222-4333-8444-555555555555";
        bool visible = false;
        var policy = new DelegateAccessPolicy(_ => true, (_, nsid) => nsid == 1 || visible);
        await using var target = new LoopbackTarget(policy: policy, namespaces: 2);
        await using NvmeController controller = await NvmeTcpHost.ConnectAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, TestOptions.Host() with { HostNqn = hostNqn });

        Assert.Equal([1u], await controller.GetActiveNamespaceIdsAsync());
        NvmeException error = await Assert.ThrowsAsync<NvmeException>(() => controller.OpenNamespaceAsync(2));
        Assert.Equal(0x0B, error.StatusCode);

        visible = true;
        target.Subsystem.NotifyNamespacesChanged(2);

        Assert.Equal([1u, 2u], await controller.GetActiveNamespaceIdsAsync());
        await using NvmeBlockDevice second = await controller.OpenNamespaceAsync(2);
        Assert.Equal(target.Backends[1].Uuid, second.NamespaceUuid);
    }

    [Fact]
    public async Task IdentifyController_ReportingAna_HasAnMnanLinuxAccepts()
    {
        await using var target = new LoopbackTarget(new NvmeTcpTargetOptions());
        await using NvmeBlockDevice device = await NvmeTcpHost.OpenBlockDeviceAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, 1, TestOptions.Host());

        // drivers/nvme/host/multipath.c nvme_mpath_init_identify: MNAN must be 1..NN when CMIC says ANA.
        var identity = device.Controller.Identity;
        Assert.True(identity.ReportsAna);
        Assert.InRange(identity.MaxAllowedNamespaces, 1u, identity.NamespaceCount);
    }

    [Fact]
    public async Task Read_ThroughAnaInaccessiblePath_ThrowsDistinctRetryableError()
    {
        AnaState state = AnaState.Optimized;
        await using var target = new LoopbackTarget(new NvmeTcpTargetOptions { AnaStateResolver = (_, _) => state });
        await using NvmeBlockDevice device = await NvmeTcpHost.OpenBlockDeviceAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, 1, TestOptions.Host());
        Assert.True(device.Controller.ReportsAna);
        Assert.Equal(AnaState.Optimized, await device.GetAnaStateAsync());

        state = AnaState.Inaccessible;

        NvmeException error = await Assert.ThrowsAsync<NvmeException>(() => device.ReadAsync(0, new byte[512]).AsTask());
        Assert.Equal(NvmeErrorKind.AnaInaccessible, error.Kind);
        Assert.Equal((3, 0x02), (error.StatusCodeType, error.StatusCode));
        Assert.True(error.IsRetryable);
        Assert.Equal(AnaState.Inaccessible, await device.GetAnaStateAsync());
    }

    [Fact]
    public async Task Read_OfNamespaceRemovedAtRunTime_FailsWithInvalidNamespace()
    {
        await using var target = new LoopbackTarget();
        await using NvmeBlockDevice device = await NvmeTcpHost.OpenBlockDeviceAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, 1, TestOptions.Host());
        target.Subsystem.RemoveNamespace(1);
        NvmeException error = await Assert.ThrowsAsync<NvmeException>(() => device.ReadAsync(0, new byte[512]).AsTask());
        Assert.Equal((0, 0x0B), (error.StatusCodeType, error.StatusCode));
        Assert.Empty(await device.Controller.GetActiveNamespaceIdsAsync());
    }
}
