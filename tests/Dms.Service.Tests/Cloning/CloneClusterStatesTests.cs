using System.Net.Http.Json;
using Dms.Service.Cloning;
using Dms.Service.Tests.TestSupport;
using Dms.Workflows;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Dms.Service.Tests.Cloning;

/// <summary>
/// Thick clones through the states and refusals real clusters produce (issue 15): each ends
/// COMPLETED, byte-identical, with nothing left behind.
/// </summary>
public sealed class CloneClusterStatesTests
{
    private const string InProgress = "There is a user operation in progress on the volume";

    private static async Task AssertVolumeCopiedAsync(CloneRig rig, Guid id, string name, byte[] image)
    {
        var workflow = await rig.Dms.Workflows.EndedAsync(id);
        Assert.True(workflow.State == WorkflowState.Completed, workflow.Msg);
        var clone = (await rig.B.Client().FindVolumeByNameAsync("default", name))!;
        Assert.Equal(image, await CloneRig.ReadVolumeAsync(rig.B, "default", clone.Uuid!));
        Assert.Empty(await CloneRig.LeftoversAsync(rig.A));
        Assert.Empty(await CloneRig.LeftoversAsync(rig.B, $"volume {name}"));
    }

    [Fact]
    public async Task SourceVolumesMigrating_ThroughoutTheClone_CountAsUsable()
    {
        await using var rig = await CloneRig.StartAsync();
        var (volume, snapshot, image) = await CloneRig.SourceAsync(rig.A, "16 mib", (0, 1 << 20), (8 << 20, 4096));
        // The user's volume, and the thin clone dms-<wid>-src the moment it exists: Migrating until the
        // test ends (the fake clock never reaches the end of an hour).
        var migration = TimeSpan.FromHours(1);
        rig.A.State.Migrate(volume.Uuid!, migration);
        rig.A.State.VolumeChanged += uuid =>
        {
            if (rig.A.State.FindVolume(uuid) is { State: Lightbits.Emulator.Wire.VolumeState.Available } created && created.Name.EndsWith("-src", StringComparison.Ordinal))
            {
                rig.A.State.Migrate(uuid, migration);
            }
        };

        var id = await rig.StartAsync("/api/v1/volumes/thickclone", CloneRig.Request(rig.A, snapshot, rig.B, "from-migrating"));

        await AssertVolumeCopiedAsync(rig, id, "from-migrating", image);
        Assert.Equal(VolumeState.Migrating, (await rig.A.Client().GetVolumeAsync("default", volume.Uuid!)).State);
    }

    [Fact]
    public async Task NotFoundFor2sAfterEachCreate_IsWaitedOut()
    {
        // The clocks run from before the attach, whose changed-blocks self-check creates scratch resources too.
        await using var rig = await CloneRig.StartAsync(emulator: o => o with { NotFoundAfterCreate = TimeSpan.FromSeconds(2) }, realTimeClocks: true);
        var check = await rig.ChangedBlocksCheckAsync(rig.A);
        Assert.True(check.Result == Dms.Contracts.Clusters.ChangedBlocksCheckResult.Verified, check.Detail);
        var (_, snapshot, image) = await CloneRig.SourceAsync(rig.A, "16 mib", (0, 1 << 20));

        var volumeClone = await rig.StartAsync("/api/v1/volumes/thickclone", CloneRig.Request(rig.A, snapshot, rig.B, "late-volume"));
        await AssertVolumeCopiedAsync(rig, volumeClone, "late-volume", image);

        var snapshotClone = await rig.StartAsync("/api/v1/snapshots/thickclone", CloneRig.Request(rig.A, snapshot, rig.B, "late-snapshot"));
        var workflow = await rig.Dms.Workflows.EndedAsync(snapshotClone);
        Assert.True(workflow.State == WorkflowState.Completed, workflow.Msg);
        await AssertSnapshotCopiedAsync(rig, "late-snapshot", image, "volume late-volume");
    }

    public static TheoryData<string, string> FreshCreates => new()
    {
        // the clone's kind, the step whose create the cluster's reads do not show yet when the clone is canceled
        { "volumes", "prepare-source" },
        { "volumes", "prepare-destination" },
        { "snapshots", "finalize" },
    };

    [Theory]
    [MemberData(nameof(FreshCreates))]
    public async Task CanceledWhileItsFreshCreateStillAnswers404_LeavesNothingBehind(string kind, string step)
    {
        // No self-check at attach: each of its scratch resources would wait out the 404s too.
        await using var rig = await CloneRig.StartAsync(emulator: o => o with { NotFoundAfterCreate = TimeSpan.FromSeconds(10) }, realTimeClocks: true,
            settings: s => s with { ChangedBlocksCheckTimeout = TimeSpan.Zero });
        var (_, snapshot, _) = await CloneRig.SourceAsync(rig.A, "16 mib", (0, 1 << 20));

        var id = await rig.StartAsync($"/api/v1/{kind}/thickclone", CloneRig.Request(rig.A, snapshot, rig.B, $"unseen-{step}"));
        await rig.Dms.Workflows.UntilAsync(id, w => w.Journal.Resources.Any(r => r.Step == step && r.Id is not null) || w.State.IsEnded(),
            $"has had its {step} create answered (or ended)");
        (await rig.Http.PostAsync($"/api/v1/workflows/{id}/cancel", JsonContent.Create(new { }))).EnsureSuccessStatusCode();

        var workflow = await rig.Dms.Workflows.EndedAsync(id);
        Assert.True(workflow.State == WorkflowState.Canceled, $"{workflow.State}: {workflow.Msg}");
        Assert.Empty(await CloneRig.LeftoversAsync(rig.A));
        Assert.Empty(await CloneRig.LeftoversAsync(rig.B));
    }

    [Fact]
    public async Task OperationInProgressOnDeleteOfTheTemporaryClone_IsRetried()
    {
        await using var rig = await CloneRig.StartAsync();
        var (_, snapshot, image) = await CloneRig.SourceAsync(rig.A, "16 mib", (4096, 1 << 20));
        await CloneRig.FaultAsync(rig.A, new { method = "DELETE", path = "/api/v2/projects/*/volumes/*", status = 409, grpcCode = 10, message = InProgress, count = 3 });

        var id = await rig.StartAsync("/api/v1/volumes/thickclone", CloneRig.Request(rig.A, snapshot, rig.B, "after-busy-delete"));

        await AssertVolumeCopiedAsync(rig, id, "after-busy-delete", image);
        Assert.Null(await rig.A.Client().FindVolumeByNameAsync("default", CloneNames.SourceVolume(id)));
    }

    [Fact]
    public async Task TransientBadRequestOnSnapshotCreate_IsRetried()
    {
        await using var rig = await CloneRig.StartAsync();
        var (_, snapshot, image) = await CloneRig.SourceAsync(rig.A, "16 mib", (0, 4096), (12 << 20, 1 << 20));
        await CloneRig.FaultAsync(rig.B, new { method = "POST", path = "/api/v2/projects/*/snapshots", status = 400, grpcCode = 9, message = "volume is being updated", count = 2 });

        var id = await rig.StartAsync("/api/v1/snapshots/thickclone", CloneRig.Request(rig.A, snapshot, rig.B, "after-busy-create"));

        var workflow = await rig.Dms.Workflows.EndedAsync(id);
        Assert.True(workflow.State == WorkflowState.Completed, workflow.Msg);
        await AssertSnapshotCopiedAsync(rig, "after-busy-create", image);
    }

    /// <param name="earlierResults">What earlier clones of the same test delivered on B.</param>
    private static async Task AssertSnapshotCopiedAsync(CloneRig rig, string name, byte[] image, params string[] earlierResults)
    {
        var copy = (await rig.B.Client().FindSnapshotByNameAsync("default", name))!;
        var read = new byte[image.Length];
        await rig.B.Blocks.ReadSnapshotAsync(Guid.Parse(copy.Uuid!), 0, read);
        Assert.Equal(image, read);
        Assert.Empty(await CloneRig.LeftoversAsync(rig.A));
        Assert.Empty(await CloneRig.LeftoversAsync(rig.B, [$"snapshot {name}", .. earlierResults]));
    }
}
