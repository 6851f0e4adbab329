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
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task EveryPortOfASubsystem_PassesEveryLinuxCheck_DiscoveryToReadWrite(bool headerDigest, bool dataDigest)
    {
        // Two ports serving one subsystem, as a cluster's servers do: Linux sees one subsystem with two controllers.
        IReadOnlyList<DiscoveryLogEntry> entries = [];
        await using var first = new LoopbackTarget(new NvmeTcpTargetOptions { DiscoveryEntries = _ => entries }, namespaces: 2);
        await using var second = new NvmeTcpTarget(new NvmeTcpTargetOptions { AnaStateResolver = (_, _) => AnaState.Inaccessible });
        second.AddSubsystem(first.Subsystem);
        second.Start();
        entries = [.. new[] { first.EndPoint, second.LocalEndPoint }.Select((endPoint, i) =>
            new DiscoveryLogEntry("127.0.0.1", endPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), LoopbackTarget.SubsystemNqn) { PortId = (ushort)(i + 1) })];
        NvmeHostOptions strict = TestOptions.Host() with { LinuxStrict = true, HeaderDigest = headerDigest, DataDigest = dataDigest };

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

    [Fact]
    public async Task NamespaceAtTheTopNsid_PassesEveryLinuxCheck()
    {
        await using var target = new LoopbackTarget(namespaces: 0);
        uint top = target.Subsystem.MaxNamespaces;
        var backend = new InMemoryNamespaceBackend(4096, 512);
        target.Subsystem.AddNamespace(top, backend);
        NvmeHostOptions strict = TestOptions.Host() with { HostNqn = "nqn.2016-06.io.test:host-top-nsid", LinuxStrict = true };

        await using NvmeController controller = await NvmeTcpHost.ConnectAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, strict);
        Assert.Equal([top], await controller.GetActiveNamespaceIdsAsync());
        Assert.Equal(top, (await controller.IdentifyNamespaceAsync(top)).AnaGroupId);
        await using NvmeBlockDevice device = await controller.OpenNamespaceAsync(top);
        await device.WriteAsync(0, new byte[4096]);
    }

    [Fact]
    public void NamespaceAboveNn_IsRefusedByTheSubsystem()
    {
        var subsystem = new NvmeSubsystem(LoopbackTarget.SubsystemNqn) { MaxNamespaces = 8 };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => subsystem.AddNamespace(9, new InMemoryNamespaceBackend(8, 512)));
        Assert.Contains("outside 1..8", error.Message);
        Assert.Empty(subsystem.NamespaceIds);
    }

    [Fact]
    public async Task Port_WhoseMdtsCannotCarryTheAnaLog_RefusesTheSubsystem()
    {
        await using var port = new NvmeTcpTarget(new NvmeTcpTargetOptions { MaxDataTransferSize = 32 * 1024 });

        var error = Assert.Throws<ArgumentException>(() => port.AddSubsystem(new NvmeSubsystem(LoopbackTarget.SubsystemNqn)));
        Assert.Contains("36880 bytes", error.Message);
        port.AddSubsystem(new NvmeSubsystem(LoopbackTarget.SubsystemNqn) { MaxNamespaces = 512 }); // 18,448 bytes fit
    }

    [Fact]
    public async Task IdentifyNamespace_ReportsTheUuidAsNguid()
    {
        await using var target = new LoopbackTarget();
        await using NvmeController controller = await NvmeTcpHost.ConnectAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, TestOptions.Host());
        ControllerSession session = await controller.GetSessionAsync(default);
        byte[] page = new byte[IdentifyCns.DataSize];

        await session.AdminAsync(CommandBuilder.Identify(IdentifyCns.Namespace, 1), default, page, "Identify Namespace", default);

        Assert.Equal(target.Backends[0].Uuid.ToByteArray(bigEndian: true), page[104..120]);
        Assert.Equal(target.Backends[0].Uuid, NamespaceIdentity.Read(page, 1).Nguid);
    }
}
