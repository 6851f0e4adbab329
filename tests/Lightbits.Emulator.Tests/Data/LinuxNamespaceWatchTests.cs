using System.Net;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;
using NvmeTcp.Host;

namespace Lightbits.Emulator.Tests.Data;

/// <summary>
/// lbemu after the connect, as a Linux host lives with it (issue 15): namespace attribute notices enabled, one
/// Asynchronous Event Request outstanding, the Changed Namespace List read and every namespace rescanned on each
/// notice (<see cref="NamespaceWatcher"/> in Linux-strict mode). A host learns of a volume it gains, loses, sees
/// resized or deleted, and of nothing else: a label update is no notice. Each test is its own Linux host (NQN).
/// </summary>
public sealed class LinuxNamespaceWatchTests
{
    private const string OtherHost = "nqn.2014-08.org.nvmexpress:uuid:5a1e0000-7c55-4a57-9b2e-4d0b6f7e1b00";
    private const uint NamespaceAttributeChanged = 0x00040002; // notice, namespace attribute changed, log 0x04

    [Fact]
    public async Task AclGainingTheHost_ShowsTheNamespace_AndLosingIt_RemovesIt()
    {
        const string host = "nqn.2014-08.org.nvmexpress:uuid:5a1e0000-7c55-4a57-9b2e-4d0b6f7e1b01";
        await using var watching = await Watching.StartAsync(host, ("acl", OtherHost));
        var (cluster, volume) = (watching.Cluster, watching.Volumes[0]);
        Assert.Empty(watching.Watcher.Namespaces);

        await cluster.Client().UpdateVolumeAsync("default", volume.Uuid!, v => new UpdateVolumeRequest { Acl = StringList.Of([.. v.Acl!.Values, host]) });
        cluster.Settle();
        var gained = await watching.NextRescanAsync();

        Assert.Equal(NamespaceAttributeChanged, gained.EventResult);
        Assert.Equal([volume.Nsid], gained.ChangedNamespaceIds);
        Assert.Equal([volume.Nsid], gained.Namespaces.Keys);
        Assert.Equal(Guid.Parse(volume.Uuid!), gained.Namespaces[volume.Nsid].Uuid);
        Assert.Equal((long)volume.Size, gained.Namespaces[volume.Nsid].CapacityBytes);

        await cluster.Client().UpdateVolumeAsync("default", volume.Uuid!, _ => new UpdateVolumeRequest { Acl = StringList.Of(OtherHost) });
        cluster.Settle();
        var lost = await watching.NextRescanAsync();

        Assert.Equal([volume.Nsid], lost.ChangedNamespaceIds);
        Assert.Empty(lost.Namespaces);
        Assert.Empty(watching.Watcher.Namespaces);
    }

    [Fact]
    public async Task Resize_IsTheNamespacesNewSize_UnderTheSameIdentifiers()
    {
        const string host = "nqn.2014-08.org.nvmexpress:uuid:5a1e0000-7c55-4a57-9b2e-4d0b6f7e1b02";
        await using var watching = await Watching.StartAsync(host, ("grows", host));
        var (cluster, volume) = (watching.Cluster, watching.Volumes[0]);
        Assert.Equal(16L << 20, watching.Watcher.Namespaces[volume.Nsid].CapacityBytes);

        await cluster.Client().UpdateVolumeAsync("default", volume.Uuid!, _ => new UpdateVolumeRequest { Size = "48 mib" });
        cluster.Settle();
        var resized = await watching.NextRescanAsync();

        Assert.Equal([volume.Nsid], resized.ChangedNamespaceIds);
        Assert.Equal(48L << 20, resized.Namespaces[volume.Nsid].CapacityBytes);
        Assert.Equal(Guid.Parse(volume.Uuid!), resized.Namespaces[volume.Nsid].Uuid);
    }

    [Fact]
    public async Task DeletedVolume_LeavesTheHostsNamespaces_AndOnlyIt()
    {
        const string host = "nqn.2014-08.org.nvmexpress:uuid:5a1e0000-7c55-4a57-9b2e-4d0b6f7e1b03";
        await using var watching = await Watching.StartAsync(host, ("doomed", host), ("kept", host));
        var (cluster, doomed, kept) = (watching.Cluster, watching.Volumes[0], watching.Volumes[1]);
        Assert.Equal([doomed.Nsid, kept.Nsid], watching.Watcher.Namespaces.Keys.Order());

        await cluster.Client().DeleteVolumeAsync("default", doomed.Uuid!);
        cluster.Settle();
        var deleted = await watching.NextRescanAsync();

        Assert.Equal([doomed.Nsid], deleted.ChangedNamespaceIds);
        Assert.Equal([kept.Nsid], deleted.Namespaces.Keys);
    }

    /// <summary>
    /// No notice is asserted without waiting for one: the label update comes first, a resize of another visible
    /// volume after it, and the one notice handled must list the resized volume alone.
    /// </summary>
    [Fact]
    public async Task LabelUpdate_IsNoNotice_TheNextNoticeListsOnlyTheResizedVolume()
    {
        const string host = "nqn.2014-08.org.nvmexpress:uuid:5a1e0000-7c55-4a57-9b2e-4d0b6f7e1b04";
        await using var watching = await Watching.StartAsync(host, ("labelled", host), ("resized", host));
        var (cluster, labelled, resized) = (watching.Cluster, watching.Volumes[0], watching.Volumes[1]);

        await cluster.Client().UpdateVolumeAsync("default", labelled.Uuid!, _ => new UpdateVolumeRequest { Labels = [new Label { Key = "team", Value = "db" }] });
        cluster.Settle();
        Assert.Equal("db", Assert.Single((await cluster.Client().GetVolumeAsync("default", labelled.Uuid!)).Labels!).Value);
        await cluster.Client().UpdateVolumeAsync("default", resized.Uuid!, _ => new UpdateVolumeRequest { Size = "32 mib" });
        cluster.Settle();
        var notice = await watching.NextRescanAsync();

        Assert.Equal([resized.Nsid], notice.ChangedNamespaceIds);
        Assert.Equal(32L << 20, notice.Namespaces[resized.Nsid].CapacityBytes);
        Assert.Equal(16L << 20, notice.Namespaces[labelled.Nsid].CapacityBytes);
    }

    /// <summary>
    /// A cluster with 16 MiB volumes (name, ACL), a Linux-strict controller on its first server and the watcher
    /// following it, disposed together.
    /// </summary>
    private sealed class Watching(TestCluster cluster, IReadOnlyList<Volume> volumes, NvmeController controller, NamespaceWatcher watcher) : IAsyncDisposable
    {
        public TestCluster Cluster => cluster;
        public IReadOnlyList<Volume> Volumes => volumes;
        public NamespaceWatcher Watcher => watcher;

        public static async Task<Watching> StartAsync(string hostNqn, params (string Name, string Acl)[] volumes)
        {
            var cluster = await TestCluster.StartAsync(TestCluster.Instant);
            NvmeController? controller = null;
            try
            {
                var created = new List<Volume>();
                foreach (var (name, acl) in volumes)
                {
                    created.Add(await cluster.CreateAvailableVolumeAsync(name, "16 mib", acl));
                }

                var strict = new NvmeHostOptions { HostNqn = hostNqn, LinuxStrict = true, IoQueueCount = 1, CommandTimeout = TimeSpan.FromSeconds(10) };
                controller = await NvmeTcpHost.ConnectAsync(IPEndPoint.Parse(cluster.Report.Servers[0].NvmeEndpoint), cluster.Report.SubsystemNqn, strict);
                return new Watching(cluster, created, controller, await NamespaceWatcher.StartAsync(controller));
            }
            catch
            {
                if (controller is not null)
                {
                    await controller.DisposeAsync();
                }

                await cluster.DisposeAsync();
                throw;
            }
        }

        /// <summary>The next notice handled; the token only keeps a missing notice from hanging the run.</summary>
        public async Task<NamespaceRescan> NextRescanAsync()
        {
            using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await watcher.NextRescanAsync(hang.Token);
        }

        public async ValueTask DisposeAsync()
        {
            await watcher.DisposeAsync();
            await controller.DisposeAsync();
            await cluster.DisposeAsync();
        }
    }
}
