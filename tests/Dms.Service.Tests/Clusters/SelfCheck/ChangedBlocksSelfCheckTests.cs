using System.Net.Http.Json;
using Dms.Contracts.Clusters;
using Dms.Contracts.Json;
using Dms.Service.Cloning;
using Dms.Service.Clusters;
using Dms.Service.Clusters.SelfCheck;
using Dms.Service.Tests.Cloning;
using Dms.Service.Tests.TestSupport;
using Dms.Workflows;
using Lightbits.Api.Model;
using Lightbits.Emulator;
using Lightbits.Emulator.Api;
using Lightbits.Emulator.State;
using Lightbits.Emulator.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Dms.Service.Tests.Clusters.SelfCheck;

/// <summary>
/// The changed-blocks self-check at attach against lbemu in each of its encodings, and the clones
/// that follow: planned from changed blocks only where the check verified them, byte-identical everywhere.
/// </summary>
public sealed class ChangedBlocksSelfCheckTests
{
    [Fact]
    public async Task DefaultEmulator_IsVerified_ListsInheritedBlocks_AndLeavesNoScratchBehind()
    {
        await using var rig = await CloneRig.StartAsync();

        var check = await rig.ChangedBlocksCheckAsync(rig.A);

        Assert.True(check.Result == ChangedBlocksCheckResult.Verified, check.Detail);
        Assert.True(check.InheritedBlocksListed);
        Assert.Empty(await ScratchAsync(rig.A));
    }

    [Theory]
    [InlineData("msb", "258")]
    [InlineData("lsb-4k", "63")]
    [InlineData("msb-4k", "63")]
    public async Task OtherEncoding_IsAMismatchSayingWhatWasSeen_AndACloneIsStillByteIdenticalByAFullScan(string encoding, string missedLba)
    {
        await using var rig = await CloneRig.StartAsync(sourceOptions: o => o with { ChangedBlocksEncoding = ChangedBlocksEncodings.ByName[encoding] });

        var check = await rig.ChangedBlocksCheckAsync(rig.A);

        Assert.Equal(ChangedBlocksCheckResult.Mismatch, check.Result);
        Assert.Contains($"LBA {missedLba}", check.Detail, StringComparison.Ordinal);
        Assert.Contains("diff listed", check.Detail, StringComparison.Ordinal);
        Assert.Empty(await ScratchAsync(rig.A));
        var (_, snapshot, image) = await CloneRig.SourceAsync(rig.A, "16 mib", (8192, 4096), (5 << 20, 3 << 20), ((16 << 20) - 4096, 4096));
        await CloneAndCompareAsync(rig, snapshot, image, "copy-" + encoding);
        Assert.Contains(rig.Logs.Entries, e => e.Message.Contains("self-check found mismatch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SinceCreationDiffs_ListNoInheritedBlocks_AndACloneOfAClonesSnapshotStillCarriesThem()
    {
        await using var rig = await CloneRig.StartAsync(sourceOptions: o => o with { ChangedBlocksSinceCreation = true });
        var check = await rig.ChangedBlocksCheckAsync(rig.A);
        Assert.True(check.Result == ChangedBlocksCheckResult.Verified, check.Detail);
        Assert.False(check.InheritedBlocksListed);

        // A volume written, snapshotted, cloned; the clone written elsewhere and snapshotted: its diff lists only the second write.
        var (_, parent, image) = await CloneRig.SourceAsync(rig.A, "16 mib", (0, 1 << 20), (9 << 20, 4096));
        var client = rig.A.Client();
        var derived = await client.CreateVolumeAsync("default", new CreateVolumeRequest
        {
            Name = "derived", ReplicaCount = 1, SourceSnapshotUuid = parent.Uuid, Acl = StringList.Of(CloneRig.TestHost),
        });
        var written = new byte[64 << 10];
        Random.Shared.NextBytes(written);
        await using (var device = await rig.A.OpenAsync(await client.GetVolumeAsync("default", derived.Uuid!), CloneRig.TestHost))
        {
            await device.WriteAsync(12 << 20, written);
            await device.FlushAsync();
        }
        written.CopyTo(image, 12 << 20);
        var snapshot = await client.CreateSnapshotAsync("default", new CreateSnapshotRequest { Name = "derived-snap", SourceVolumeUuid = derived.Uuid });

        await CloneAndCompareAsync(rig, snapshot, image, "copy-derived");
        Assert.Contains(rig.Logs.Entries, e => e.Message.Contains("leave out the blocks a clone inherited", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SinceCreationDiffs_UnderEmitDefaults_ASnapshotThatNamesNoVolume_IsCopiedByAFullScan()
    {
        await using var rig = await CloneRig.StartAsync(sourceOptions: o => o with { ChangedBlocksSinceCreation = true, EmitDefaults = true });
        var (_, snapshot, image) = await CloneRig.SourceAsync(rig.A, "16 mib", (0, 1 << 20), (9 << 20, 4096));
        // lbemu always records a snapshot's volume; a cluster that does not, emitting zero values, sends sourceVolumeUUID "".
        typeof(SnapshotRecord).GetProperty(nameof(SnapshotRecord.SourceVolumeUuid))!.SetValue(rig.A.State.GetSnapshot("default", snapshot.Uuid!), "");
        Assert.Contains("\"sourceVolumeUUID\":\"\"", await rig.A.Http().GetStringAsync($"/api/v2/projects/default/snapshots/{snapshot.Uuid}"), StringComparison.Ordinal);

        await CloneAndCompareAsync(rig, snapshot, image, "copy-of-unnamed");
        Assert.Contains(rig.Logs.Entries, e => e.Message.Contains("leave out the blocks a clone inherited", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ALeftoverTheClusterWillNotDelete_IsLoggedAndLeft_AndDoesNotDecideTheResult()
    {
        await using var rig = await CloneRig.StartAsync();
        // An earlier check that could delete nothing: its three volumes and three snapshots stay.
        await FaultAsync(rig.A, new { method = "DELETE", path = "/api/v2/projects/default/**", status = 403, count = -1 });
        var earlier = await RunCheckAsync(rig, TimeProvider.System);
        Assert.True(earlier.Result == ChangedBlocksCheckResult.Verified, earlier.Detail);
        (await rig.A.Http().DeleteAsync("/_emulator/faults")).EnsureSuccessStatusCode();
        Assert.Equal(6, (await ScratchAsync(rig.A)).Count);
        // The cluster refuses deleting the snapshot the -clone volume was created from, for good: whether a
        // real one refuses while the clone exists is not known (docs/lightbits-assumptions.md).
        var parent = (await rig.A.Client().ListSnapshotsAsync("default")).Single(s => s.Name!.EndsWith("-512-snap", StringComparison.Ordinal));
        await FaultAsync(rig.A, new { method = "DELETE", path = $"/api/v2/projects/default/snapshots/{parent.Uuid}", status = 400, grpcCode = 9,
            message = "snapshot has volumes created from it", count = -1 });

        // Two hours later the leftovers are old enough for the next check to sweep them.
        var check = await RunCheckAsync(rig, new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(2)));

        Assert.True(check.Result == ChangedBlocksCheckResult.Verified, check.Detail);
        Assert.Equal([parent.Name!], await ScratchAsync(rig.A));
        Assert.Contains(rig.Logs.Entries, e => e.Level == LogLevel.Warning && e.Has("Name", parent.Name!) && e.Message.Contains("could not delete snapshot", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GET", "/api/v2/projects/default/snapshots/diff/*", 501, ChangedBlocksCheckResult.Unsupported, "the cluster has no changed-blocks API")]
    [InlineData("POST", "/api/v2/projects/default/volumes", 403, ChangedBlocksCheckResult.Failed, "creating volume dms-selfcheck-")]
    public async Task OnlyAClusterWithoutTheApi_IsUnsupported_AnythingElseThatStopsTheCheckIsFailed(string method, string path, int status, ChangedBlocksCheckResult expected, string detail)
    {
        await using var rig = await CloneRig.StartAsync();
        await FaultAsync(rig.A, new { method, path, status, count = -1 });

        var check = await RunCheckAsync(rig, TimeProvider.System);

        Assert.Equal(expected, check.Result);
        Assert.Contains(detail, check.Detail, StringComparison.Ordinal);
        (await rig.A.Http().DeleteAsync("/_emulator/faults")).EnsureSuccessStatusCode();
        Assert.Empty(await ScratchAsync(rig.A));
    }

    [Fact]
    public async Task WideListAndApi_ShowTheResult()
    {
        await using var rig = await CloneRig.StartAsync(sourceOptions: o => o with { ChangedBlocksEncoding = ChangedBlocksEncoding.Lsb4K });

        var clusters = (await rig.Http.GetFromJsonAsync("/api/v1/clusters", DmsJsonContext.Default.ClusterList))!.Clusters;

        Assert.Equal(ChangedBlocksCheckResult.Mismatch, clusters.Single(c => c.Id == rig.A.Report.ClusterUuid).ChangedBlocksCheck!.Result);
        Assert.Equal(ChangedBlocksCheckResult.Verified, clusters.Single(c => c.Id == rig.B.Report.ClusterUuid).ChangedBlocksCheck!.Result);
        var raw = await rig.Http.GetStringAsync("/api/v1/clusters");
        Assert.Contains("\"result\":\"mismatch\"", raw, StringComparison.Ordinal);
        Assert.Contains("\"inheritedBlocksListed\":true", raw, StringComparison.Ordinal);
    }

    private static async Task FaultAsync(TestCluster cluster, object rule) =>
        (await cluster.Http().PostAsync("/_emulator/faults", JsonContent.Create(rule))).EnsureSuccessStatusCode();

    /// <summary>The check as attach and refresh run it on cluster A, by a clock of the test's choosing.</summary>
    private static async Task<ChangedBlocksCheck> RunCheckAsync(CloneRig rig, TimeProvider time)
    {
        var connections = rig.Dms.Get<ClusterConnections>();
        var check = new ChangedBlocksSelfCheck(rig.Dms.Get<CloneServices>(), rig.Dms.Get<ClusterRegistry>(), connections, TimeSpan.FromMinutes(1), time,
            rig.Dms.Get<ILogger<ChangedBlocksSelfCheck>>());
        return await check.RunAsync((await connections.FindAsync(rig.A.Report.ClusterUuid, default))!, default);
    }

    private static async Task<IReadOnlyList<string>> ScratchAsync(TestCluster cluster)
    {
        var client = cluster.Client();
        return [
            .. (await client.ListVolumesAsync("default")).Select(v => v.Name!).Where(n => n.StartsWith("dms-selfcheck-", StringComparison.Ordinal)),
            .. (await client.ListSnapshotsAsync("default")).Select(s => s.Name!).Where(n => n.StartsWith("dms-selfcheck-", StringComparison.Ordinal)),
        ];
    }

    private static async Task CloneAndCompareAsync(CloneRig rig, Snapshot snapshot, byte[] image, string name)
    {
        var id = await rig.StartAsync("/api/v1/volumes/thickclone", CloneRig.Request(rig.A, snapshot, rig.B, name));
        var workflow = await rig.Dms.Workflows.EndedAsync(id);
        Assert.True(workflow.State == WorkflowState.Completed, workflow.Msg);
        var clone = (await rig.B.Client().FindVolumeByNameAsync("default", name))!;
        Assert.Equal(image, await CloneRig.ReadVolumeAsync(rig.B, "default", clone.Uuid!));
    }
}
