using System.Net;
using System.Net.Http.Json;
using Dms.Service.Cloning;
using Dms.Service.Tests.TestSupport;
using Dms.Workflows;
using Lightbits.Emulator.Testing;

namespace Dms.Service.Tests.Cloning;

/// <summary>
/// Cancel means cancel (DESIGN §4): a 24 MiB clone paced at 16 MiB/s, held in one step by a slow
/// cluster call (verification, which makes none, by its pace alone), is canceled there and ends CANCELED with nothing left on either cluster; once
/// finalize delivered the result, cancel is refused and the result stays. Run in each wire mode
/// (<see cref="IWireMode"/>): <see cref="CloneCancelTests"/>, and <see cref="CloneCancelEmitDefaults412Tests"/>.
/// </summary>
public abstract class CloneCancelTests<TMode> : IAsyncLifetime where TMode : IWireMode
{
    private CloneRig _rig = null!;

    public async Task InitializeAsync() => _rig = await CloneRig.StartAsync(new CloneOptions { WorkflowBandwidth = 16 << 20 }, emulator: TMode.Emulator);

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Theory]
    [MemberData(nameof(CloneCancelTests.Steps), MemberType = typeof(CloneCancelTests))]
    public async Task CancelInAnyStepBeforeTheResultIsDelivered_EndsCanceled_AndLeavesNothingOnEitherCluster(string step, string hold, string? after)
    {
        var (_, snapshot, _) = await CloneRig.SourceAsync(_rig.A, "24 mib", (0, 24 << 20));
        await HoldAsync(hold);
        var id = await _rig.StartAsync("/api/v1/volumes/thickclone", CloneRig.Request(_rig.A, snapshot, _rig.B, $"cancel-{step}", verify: true));
        await _rig.Dms.Workflows.UntilAsync(id, w => after is null || w.Journal.CompletedSteps.Contains(after) || w.State.IsEnded(), $"has finished step {after} (or ended)");

        var cancel = await _rig.Http.PostAsync($"/api/v1/workflows/{id}/cancel", JsonContent.Create(new { }));

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var workflow = await _rig.Dms.Workflows.EndedAsync(id);
        Assert.True(workflow.State == WorkflowState.Canceled, $"{workflow.State}: {workflow.Msg}");
        Assert.DoesNotContain(step, workflow.Journal.CompletedSteps);
        Assert.DoesNotContain(await CloneRig.LeftoversAsync(_rig.A), n => n.Contains(id.ToString(), StringComparison.Ordinal));
        Assert.Empty(await CloneRig.LeftoversAsync(_rig.B));
        Assert.Null(await _rig.B.Client().FindVolumeByNameAsync("default", $"cancel-{step}"));
    }

    [Fact]
    public async Task CancelAfterFinalize_IsRefusedWith409NamingTheResult_AndTheCloneCompletesIntact()
    {
        var (_, snapshot, image) = await CloneRig.SourceAsync(_rig.A, "24 mib", (0, 24 << 20));
        await HoldAsync("A DELETE /api/v2/projects/*/volumes/* 0");
        var id = await _rig.StartAsync("/api/v1/volumes/thickclone", CloneRig.Request(_rig.A, snapshot, _rig.B, "delivered", verify: false));
        await _rig.Dms.Workflows.UntilAsync(id, w => w.Journal.CompletedSteps.Contains("finalize") || w.State.IsEnded(), "has finished its finalize step (or ended)");

        var cancel = await _rig.Http.PostAsync($"/api/v1/workflows/{id}/cancel", JsonContent.Create(new { }));

        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        var error = await Json.ReadAsync(cancel);
        Assert.Equal(9, error.GetProperty("code").GetInt32());
        var clone = (await _rig.B.Client().FindVolumeByNameAsync("default", "delivered"))!;
        Assert.Contains($"volume delivered (uuid {clone.Uuid})", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var workflow = await _rig.Dms.Workflows.EndedAsync(id);
        Assert.True(workflow.State == WorkflowState.Completed, $"{workflow.State}: {workflow.Msg}");
        Assert.Equal(image, await CloneRig.ReadVolumeAsync(_rig.B, "default", clone.Uuid!));
        Assert.DoesNotContain(await CloneRig.LeftoversAsync(_rig.A), n => n.Contains(id.ToString(), StringComparison.Ordinal));
    }

    /// <summary>"A POST /path skip": holds the first call after <c>skip</c> matching ones for 20 s; "" holds nothing.</summary>
    private async Task HoldAsync(string hold)
    {
        if (hold.Length == 0)
        {
            return;
        }
        var parts = hold.Split(' ');
        var cluster = parts[0] == "A" ? _rig.A : _rig.B;
        (await cluster.Http().PostAsync("/_emulator/faults", JsonContent.Create(new { method = parts[1], path = parts[2], skip = int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture), count = 1, latencyMs = 20_000 })))
            .EnsureSuccessStatusCode();
    }
}

/// <summary><see cref="CloneCancelTests{TMode}"/> in lbemu's default wire mode.</summary>
public sealed class CloneCancelTests : CloneCancelTests<GatewayDefaults>
{
    /// <summary>For the generic class's theory (a generic type may not hold static members).</summary>
    public static TheoryData<string, string, string?> Steps => new()
    {
        // step to cancel in, the cluster call held (by injected latency) to keep the workflow there, the step completed before it
        { "prepare-source", "A POST /api/v2/projects/*/volumes 0", null },
        { "prepare-destination", "B POST /api/v2/projects/*/volumes 0", "prepare-source" },
        { "copy", "A GET /api/v2/nodes 0", "prepare-destination" },
        { "verify", "", "copy" },
        { "finalize", "B PUT /api/v2/projects/*/volumes/* 0", "verify" },
    };
}
