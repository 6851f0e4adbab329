using NvmeTcp.Host;
using NvmeTcp.Nvme;
using NvmeTcp.Target;
using NvmeTcp.Tests.Support;

namespace NvmeTcp.Tests.Target;

/// <summary>What a controller reports about itself, as a host reads it.</summary>
public class ControllerPagesTests
{
    [Fact]
    public async Task DiscoveryGeneration_StaysWhileTheEntriesDo_AndChangesWithThem()
    {
        DiscoveryLogEntry[] entries = [new("10.0.0.1", "4420", LoopbackTarget.SubsystemNqn) { PortId = 1 }];
        await using var target = new LoopbackTarget(new NvmeTcpTargetOptions { DiscoveryEntries = _ => entries });

        DiscoveryLog first = await NvmeTcpHost.DiscoverAsync(target.EndPoint, TestOptions.Host());
        DiscoveryLog again = await NvmeTcpHost.DiscoverAsync(target.EndPoint, TestOptions.Host());
        entries = [.. entries, new("10.0.0.2", "4420", LoopbackTarget.SubsystemNqn) { PortId = 2 }];
        DiscoveryLog changed = await NvmeTcpHost.DiscoverAsync(target.EndPoint, TestOptions.Host());

        Assert.Equal(first.Generation, again.Generation);
        Assert.NotEqual(first.Generation, changed.Generation);
        Assert.Equal(entries, changed.Entries);
    }
}
