using Common.Testing;
using Microsoft.Extensions.Time.Testing;
using NvmeTcp.Host;
using NvmeTcp.Nvme;
using NvmeTcp.Target;
using NvmeTcp.Tests.Support;

namespace NvmeTcp.Tests.Target;

public class KeepAliveTests
{
    [Fact]
    public async Task Controller_WithoutKeepAliveForKato_IsTornDown()
    {
        var targetTime = new FakeTimeProvider();
        await using var target = new LoopbackTarget(new NvmeTcpTargetOptions { TimeProvider = targetTime });
        // The host's clock never moves, so it never sends Keep Alive.
        NvmeHostOptions options = TestOptions.Host() with { KeepAliveTimeout = TimeSpan.FromSeconds(2), TimeProvider = new FakeTimeProvider() };
        await using NvmeController controller = await NvmeTcpHost.ConnectAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, options);
        Assert.True(controller.IsConnected);

        targetTime.Advance(TimeSpan.FromSeconds(1));
        Assert.True(controller.IsConnected);
        targetTime.Advance(TimeSpan.FromSeconds(3));

        await Poll.UntilAsync(() => !controller.IsConnected, "the host sees the controller torn down");
        await Poll.UntilAsync(() => Task.FromResult(target.Target.ConnectionCount), open => open == 0, "the target closed every connection");
    }

    [Fact]
    public async Task Controller_WithKeepAlives_StaysConnected()
    {
        var targetTime = new FakeTimeProvider();
        var hostTime = new FakeTimeProvider();
        await using var target = new LoopbackTarget(new NvmeTcpTargetOptions { TimeProvider = targetTime });
        NvmeHostOptions options = TestOptions.Host() with { KeepAliveTimeout = TimeSpan.FromSeconds(2), TimeProvider = hostTime };
        await using NvmeController controller = await NvmeTcpHost.ConnectAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, options);

        for (int i = 0; i < 5; i++)
        {
            hostTime.Advance(TimeSpan.FromSeconds(1)); // sends Keep Alive (KATO/2)
            await controller.GetActiveNamespaceIdsAsync(); // ordered after the Keep Alive on the admin queue
            targetTime.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(controller.IsConnected);
    }

    [Fact]
    public async Task KeepAliveTimer_SetByFeatures_IsReportedAndReplacesTheConnectOne()
    {
        var targetTime = new FakeTimeProvider();
        await using var target = new LoopbackTarget(new NvmeTcpTargetOptions { TimeProvider = targetTime });
        // The host's clock never moves, so it never sends Keep Alive: only the admin commands below count as activity.
        NvmeHostOptions options = TestOptions.Host() with { KeepAliveTimeout = TimeSpan.FromMilliseconds(1500), TimeProvider = new FakeTimeProvider() };
        await using NvmeController controller = await NvmeTcpHost.ConnectAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, options);
        ControllerSession session = await controller.GetSessionAsync(default);

        Assert.Equal(2000u, await GetKatoAsync(session)); // Connect's 1500 ms, in whole seconds as Linux's target keeps it
        await session.AdminAsync(CommandBuilder.SetFeatures(FeatureId.KeepAliveTimer, 10_000), default, default, "Set Features KATO", default);
        Assert.Equal(10_000u, await GetKatoAsync(session));

        targetTime.Advance(TimeSpan.FromSeconds(4)); // past the Connect KATO: a target ignoring Set Features tears down here
        Assert.Equal(10_000u, await GetKatoAsync(session));
        targetTime.Advance(TimeSpan.FromSeconds(11));

        await Poll.UntilAsync(() => !controller.IsConnected, "the host sees the controller torn down after the new KATO");
    }

    private static async Task<uint> GetKatoAsync(ControllerSession session) =>
        (await session.AdminAsync(new SubmissionQueueEntry { Opcode = AdminOpcode.GetFeatures, Cdw10 = FeatureId.KeepAliveTimer }, default, default, "Get Features KATO", default)).Dw0;
}
