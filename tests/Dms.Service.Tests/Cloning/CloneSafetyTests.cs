using System.Net.Http.Json;
using System.Text.Json;
using Common.Testing;
using Dms.Service.Cloning;
using Dms.Service.Clusters;
using Dms.Service.Tests.TestSupport;
using Dms.Workflows;
using Lightbits.Emulator.Testing;

namespace Dms.Service.Tests.Cloning;

/// <summary>No failure destroys what DMS delivered, and a long copy outlasts many hiccups (issue 12).</summary>
public sealed class CloneSafetyTests
{
    [Fact]
    public async Task CleanupFailsAfterFinalize_SourceClusterDown_CompletesWithAWarning_AndTheJanitorRemovesTheTemporaryCloneOnceItIsBack()
    {
        await using var rig = await CloneRig.StartAsync(settings: s => s with
        {
            StepMaxAttempts = 2,
            StepRetryMaxDelay = TimeSpan.FromMilliseconds(200),
            JanitorInterval = TimeSpan.FromSeconds(1),
        });
        var (_, snapshot, image) = await CloneRig.SourceAsync(rig.A, "24 mib", (0, 24 << 20));
        // Finalize is held on B while A goes down, so the result is delivered and only the cleanup meets the outage.
        (await rig.B.Http().PostAsync("/_emulator/faults", JsonContent.Create(new { method = "PUT", path = "/api/v2/projects/*/volumes/*", count = 1, latencyMs = 3000 }))).EnsureSuccessStatusCode();
        var id = await rig.StartAsync("/api/v1/volumes/thickclone", CloneRig.Request(rig.A, snapshot, rig.B, "kept", verify: false));
        await rig.Dms.Workflows.UntilAsync(id, w => w.Journal.CompletedSteps.Contains("copy") || w.State.IsEnded(), "has finished its copy step (or ended)");
        await rig.A.StopAllServersAsync();

        var workflow = await rig.Dms.Workflows.EndedAsync(id);

        Assert.True(workflow.State == WorkflowState.Completed, $"{workflow.State}: {workflow.Msg}");
        var warning = Assert.Single(JsonDocument.Parse(workflow.ResultJson!).RootElement.GetProperty("warnings").EnumerateArray()).GetString();
        Assert.Contains("step 'cleanup' failed (source cluster)", warning, StringComparison.Ordinal);
        var clone = (await rig.B.Client().FindVolumeByNameAsync("default", "kept"))!;
        Assert.Equal(image, await CloneRig.ReadVolumeAsync(rig.B, "default", clone.Uuid!));
        Assert.Equal(1, await rig.Dms.Workflows.CountLeftoversAsync());

        await rig.A.StartAllServersAsync();

        await Poll.UntilAsync(() => rig.Dms.Workflows.CountLeftoversAsync(), leftovers => leftovers == 0,
            "the janitor removes the temporary clone after the cluster's return", TimeSpan.FromMinutes(1));
        Assert.Null(await rig.A.Client().FindVolumeByNameAsync("default", CloneNames.SourceVolume(id)));
        Assert.Equal(image, await CloneRig.ReadVolumeAsync(rig.B, "default", clone.Uuid!));
    }

    [Fact]
    public async Task TenConnectionDropsSpreadOverOneCopy_TheCopyCompletes_ByteIdentical()
    {
        // 64 MiB at 8 MiB/s: eight seconds of copying to spread the drops over (a short lease saves the checkpoint every second).
        await using var rig = await CloneRig.StartAsync(new CloneOptions { WorkflowBandwidth = 8 << 20, Copy = new() { IoSize = 1 << 20, Depth = 4 } },
            lease: TimeSpan.FromSeconds(3), settings: s => s with { StepMaxAttempts = 3, StepRetryMaxDelay = TimeSpan.FromMilliseconds(100) });
        var (_, snapshot, image) = await CloneRig.SourceAsync(rig.A, "64 mib", (0, 64 << 20));
        var id = await rig.StartAsync("/api/v1/volumes/thickclone", CloneRig.Request(rig.A, snapshot, rig.B, "hiccups", verify: true));
        await rig.Dms.Workflows.UntilAsync(id, w => long.TryParse(w.Journal.Checkpoint, out var at) && at > 0 || w.State.IsEnded(), "has a copy checkpoint (or ended)");

        var drops = 0;
        for (; drops < 10 && !(await rig.Dms.Workflows.GetAsync(id))!.State.IsEnded(); drops++)
        {
            var cluster = drops % 2 == 0 ? rig.A : rig.B;
            foreach (var server in cluster.Report.Servers)
            {
                (await cluster.Http().PostAsync($"/_emulator/servers/{server.Name}/drop-connections", JsonContent.Create(new { }))).EnsureSuccessStatusCode();
            }
            await Task.Delay(250);
        }

        var workflow = await rig.Dms.Workflows.EndedAsync(id);
        Assert.True(workflow.State == WorkflowState.Completed, $"{workflow.State} after {drops} drops: {workflow.Msg}");
        Assert.Equal(10, drops);
        var clone = (await rig.B.Client().FindVolumeByNameAsync("default", "hiccups"))!;
        Assert.Equal(image, await CloneRig.ReadVolumeAsync(rig.B, "default", clone.Uuid!));
    }

    [Fact]
    public async Task ACloneCreatedWhileItsClusterIsBeingDetached_IsWithdrawnAndRefused()
    {
        await using var rig = await CloneRig.StartAsync();
        var (_, snapshot, _) = await CloneRig.SourceAsync(rig.A, "4 mib", (0, 1 << 20));
        var registry = rig.Dms.Get<ClusterRegistry>();
        // The detach's first half (its mark) happened, its in-use check not yet: the clone must see the mark.
        await registry.BeginDetachAsync(rig.B.Report.ClusterUuid, DateTimeOffset.UtcNow, default);

        var refused = await rig.Http.PostAsync("/api/v1/volumes/thickclone", JsonContent.Create(CloneRig.Request(rig.A, snapshot, rig.B, "racing")));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        var error = await Json.ReadAsync(refused);
        Assert.Equal($"cluster {rig.B.Report.ClusterUuid} is being detached; the clone was not started", error.GetProperty("message").GetString());
        var page = await rig.Dms.Workflows.ListAsync();
        var withdrawn = Assert.Single(page.Workflows, w => w.Type.StartsWith("ThickClone", StringComparison.Ordinal));
        // A runner may have claimed it already: then it is CANCELING until its (empty) compensation ran.
        Assert.Equal(WorkflowState.Canceled, (await rig.Dms.Workflows.EndedAsync(withdrawn.Id)).State);
        Assert.False(await rig.Dms.Workflows.IsResourceInUseAsync(Dms.Service.Clusters.ClusterResource.Key(rig.B.Report.ClusterUuid)));
    }
}
