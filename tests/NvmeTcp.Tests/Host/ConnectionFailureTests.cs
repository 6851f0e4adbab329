using NvmeTcp.Host;
using NvmeTcp.Target;
using Common.Testing;
using NvmeTcp.Tests.Support;

namespace NvmeTcp.Tests.Host;

public class ConnectionFailureTests
{
    [Fact]
    public async Task Read_AfterConnectionDropped_ThrowsRetryableErrorAndReconnectReadsCorrectData()
    {
        await using var target = new LoopbackTarget(blocks: 1024);
        var gated = new GatedNamespaceBackend(target.Backends[0]);
        target.Subsystem.ReplaceNamespace(1, gated);
        byte[] expected = new byte[64 * 1024];
        new Random(5).NextBytes(expected);
        expected.CopyTo(target.Backends[0].Contents);
        gated.ReleaseReads.TrySetResult();
        gated.ReleaseReads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await using NvmeBlockDevice device = await NvmeTcpHost.OpenBlockDeviceAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, 1, TestOptions.Host());
        byte[] buffer = new byte[expected.Length];
        Task read = device.ReadAsync(0, buffer).AsTask();
        await gated.ReadArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));

        target.Target.DropAllConnections();

        NvmeException error = await Assert.ThrowsAsync<NvmeException>(() => read);
        Assert.Equal(NvmeErrorKind.ConnectionLost, error.Kind);
        Assert.True(error.IsRetryable);
        Assert.All(buffer, b => Assert.Equal(0, b)); // nothing was delivered, and the caller knows it

        gated.ReleaseReads.TrySetResult();
        await device.ReadAsync(0, buffer); // the next I/O reconnects
        Assert.Equal(expected, buffer);
    }

    [Fact]
    public async Task ExplicitReconnect_AfterServerFailure_GetsNewControllerAndServesIo()
    {
        await using var target = new LoopbackTarget(blocks: 1024);
        await using NvmeBlockDevice device = await NvmeTcpHost.OpenBlockDeviceAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, 1, TestOptions.Host());
        ushort firstController = device.Controller.ControllerId;

        target.Target.DropAllConnections();
        await Poll.UntilAsync(() => !device.Controller.IsConnected, "the host notices the lost connection");

        await device.ReconnectAsync();
        byte[] data = Enumerable.Repeat((byte)0x5A, 4096).ToArray();
        await device.WriteAsync(4096, data);
        byte[] read = new byte[4096];
        await device.ReadAsync(4096, read);
        Assert.Equal(data, read);
        Assert.NotEqual(firstController, device.Controller.ControllerId);
    }

    [Fact]
    public async Task Reconnect_ToADifferentVolumeUnderTheSameNsid_ThrowsNamespaceChanged()
    {
        await using var target = new LoopbackTarget(blocks: 1024);
        await using NvmeBlockDevice device = await NvmeTcpHost.OpenBlockDeviceAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, 1, TestOptions.Host());
        target.Subsystem.ReplaceNamespace(1, new InMemoryNamespaceBackend(1024, 512));
        target.Target.DropAllConnections();
        await Poll.UntilAsync(() => !device.Controller.IsConnected, "the host notices the lost connection");

        NvmeException error = await Assert.ThrowsAsync<NvmeException>(() => device.ReadAsync(0, new byte[512]).AsTask());
        Assert.Equal(NvmeErrorKind.NamespaceChanged, error.Kind);
        Assert.False(error.IsRetryable);
    }
}
