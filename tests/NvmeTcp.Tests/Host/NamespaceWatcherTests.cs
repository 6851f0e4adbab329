using Microsoft.Extensions.Time.Testing;
using NvmeTcp.Host;
using NvmeTcp.Target;
using NvmeTcp.Tests.Support;

namespace NvmeTcp.Tests.Host;

/// <summary>The watcher against our own target: the request it keeps outstanding, and the rescans its notices cause.</summary>
public class NamespaceWatcherTests
{
    [Fact]
    public async Task EventRequest_OutlastsTheCommandTimeout_AndEachNoticeIsRescanned()
    {
        await using var target = new LoopbackTarget();
        var hostTime = new FakeTimeProvider();
        // No keep-alive: the only command outstanding while the host's clock jumps is the Asynchronous Event Request.
        NvmeHostOptions options = TestOptions.Host() with { LinuxStrict = true, KeepAliveTimeout = TimeSpan.Zero, TimeProvider = hostTime };
        await using NvmeController controller = await NvmeTcpHost.ConnectAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, options);
        await using NamespaceWatcher watcher = await NamespaceWatcher.StartAsync(controller);
        Assert.Equal([1u], watcher.Namespaces.Keys);

        hostTime.Advance(options.CommandTimeout * 6); // a timed request would have reset the association here
        var added = new InMemoryNamespaceBackend(8192, 512);
        target.Subsystem.AddNamespace(2, added);
        NamespaceRescan appeared = await NextAsync(watcher);

        Assert.True(controller.IsConnected);
        Assert.Equal([2u], appeared.ChangedNamespaceIds);
        Assert.Equal([1u, 2u], appeared.Namespaces.Keys.Order());
        Assert.Equal(added.Uuid, appeared.Namespaces[2].Uuid);
        Assert.Equal(8192L * 512, appeared.Namespaces[2].CapacityBytes);

        target.Subsystem.RemoveNamespace(1);
        NamespaceRescan removed = await NextAsync(watcher);

        Assert.Equal([1u], removed.ChangedNamespaceIds);
        Assert.Equal([2u], removed.Namespaces.Keys);
    }

    /// <summary>The token only keeps a missing notice from hanging the run.</summary>
    private static async Task<NamespaceRescan> NextAsync(NamespaceWatcher watcher)
    {
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await watcher.NextRescanAsync(hang.Token);
    }
}
