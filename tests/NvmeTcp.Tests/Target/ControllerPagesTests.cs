using System.Net;
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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryPortOfASubsystem_PassesEveryLinuxCheck_DiscoveryToReadWrite(bool digests)
    {
        // Two ports serving one subsystem, as a cluster's servers do: Linux sees one subsystem with two controllers.
        IReadOnlyList<DiscoveryLogEntry> entries = [];
        await using var first = new LoopbackTarget(new NvmeTcpTargetOptions { DiscoveryEntries = _ => entries }, namespaces: 2);
        await using var second = new NvmeTcpTarget(new NvmeTcpTargetOptions { AnaStateResolver = (_, _) => AnaState.Inaccessible });
        second.AddSubsystem(first.Subsystem);
        second.Start();
        entries = [.. new[] { first.EndPoint, second.LocalEndPoint }.Select((endPoint, i) =>
            new DiscoveryLogEntry("127.0.0.1", endPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), LoopbackTarget.SubsystemNqn) { PortId = (ushort)(i + 1) })];
        NvmeHostOptions strict = TestOptions.Host(digests) with { LinuxStrict = true };

        DiscoveryLog log = await NvmeTcpHost.DiscoverAsync(first.EndPoint, strict);
        var controllers = new List<NvmeController>();
        try
        {
            foreach (DiscoveryLogEntry entry in log.Entries)
            {
                NvmeController controller = await NvmeTcpHost.ConnectAsync(new IPEndPoint(IPAddress.Parse(entry.TransportAddress), int.Parse(entry.TransportServiceId, System.Globalization.CultureInfo.InvariantCulture)), entry.SubsystemNqn, strict);
                controllers.Add(controller);
                Assert.Equal([1u, 2u], await controller.GetActiveNamespaceIdsAsync());
                Assert.Equal(2, (await controller.GetAnaGroupsAsync()).Count);
                foreach (uint nsid in new[] { 1u, 2u })
                {
                    Assert.Equal(first.Backends[(int)nsid - 1].Uuid, (await controller.IdentifyNamespaceAsync(nsid)).Uuid);
                }
            }

            Assert.Equal(2, controllers.Select(c => c.ControllerId).Distinct().Count());
            await using NvmeBlockDevice device = await controllers[0].OpenNamespaceAsync(1);
            byte[] data = [.. Enumerable.Range(0, 8192).Select(i => (byte)i)];
            await device.WriteAsync(4096, data);
            byte[] back = new byte[data.Length];
            await device.ReadAsync(4096, back);
            Assert.Equal(data, back);
        }
        finally
        {
            foreach (NvmeController controller in controllers)
            {
                await controller.DisposeAsync();
            }
        }
    }
}
