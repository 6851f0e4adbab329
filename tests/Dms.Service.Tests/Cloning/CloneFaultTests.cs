using System.Net.Http.Json;
using Dms.Cloning.Throttling;
using Common.Testing;
using Dms.Service.Cloning;
using Dms.Service.Tests.TestSupport;
using Dms.Workflows;
using Lightbits.Emulator.Testing;

namespace Dms.Service.Tests.Cloning;

/// <summary>
/// Thick clones under faults. Each ends with the destination byte-identical to the source, or the
/// workflow FAILED/CANCELED with nothing this workflow made left on either cluster.
/// </summary>
public sealed class CloneFaultTests : IAsyncLifetime
{
    // Slow enough to act mid-copy, fast enough for a test: 48 MiB at 16 MiB/s.
    private static readonly CloneOptions Throttled = new() { WorkflowBandwidth = 16 << 20, Copy = new() { IoSize = 1 << 20, Depth = 4 } };
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);
    private CloneRig _rig = null!;

    public async Task InitializeAsync() => _rig = await CloneRig.StartAsync(Throttled, lease: Lease);

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    private async Task<(Guid Id, byte[] Image)> StartCloneAsync(string path = "/api/v1/volumes/thickclone", string name = "copy", bool verify = true)
    {
        var (_, snapshot, image) = await CloneRig.SourceAsync(_rig.A, "64 mib", (0, 24 << 20), (40 << 20, 24 << 20));
        return (await _rig.StartAsync(path, CloneRig.Request(_rig.A, snapshot, _rig.B, name, verify: verify)), image);
    }

    private Task<WorkflowRecord> CopyUnderWayAsync(Guid id) =>
        _rig.Dms.Workflows.UntilAsync(id, w => long.TryParse(w.Journal.Checkpoint, out var at) && at > 0 || w.State.IsEnded(), "has a copy checkpoint (or ended)");

    private async Task AssertNothingLeftAsync(Guid id)
    {
        Assert.DoesNotContain(await CloneRig.LeftoversAsync(_rig.A), n => n.Contains(id.ToString(), StringComparison.Ordinal));
        Assert.Empty(await CloneRig.LeftoversAsync(_rig.B));
        Assert.Null(await _rig.B.Client().FindVolumeByNameAsync("default", "copy"));
    }

    private async Task AssertCopiedAsync(Guid id, byte[] image)
    {
        var workflow = await _rig.Dms.Workflows.EndedAsync(id);
        Assert.True(workflow.State == WorkflowState.Completed, workflow.Msg);
        var clone = (await _rig.B.Client().FindVolumeByNameAsync("default", "copy"))!;
        Assert.Equal(image, await CloneRig.ReadVolumeAsync(_rig.B, "default", clone.Uuid!));
        Assert.Empty(await CloneRig.LeftoversAsync(_rig.A));
    }

    [Fact]
    public async Task DmsRestartedMidCopy_ResumesFromTheCheckpoint_AndMatchesTheSource()
    {
        var (id, image) = await StartCloneAsync();
        var underway = await CopyUnderWayAsync(id);
        Assert.Equal(WorkflowState.Running, underway.State);

        await _rig.RestartDmsAsync(Throttled, Lease);

        await AssertCopiedAsync(id, image);
    }

    [Fact]
    public async Task NvmeConnectionsDroppedMidCopy_CopyReconnects_AndMatchesTheSource()
    {
        var (id, image) = await StartCloneAsync();
        await CopyUnderWayAsync(id);

        foreach (var cluster in new[] { _rig.A, _rig.B })
        {
            foreach (var server in cluster.Report.Servers)
            {
                (await cluster.Http().PostAsync($"/_emulator/servers/{server.Name}/drop-connections", JsonContent.Create(new { }))).EnsureSuccessStatusCode();
            }
        }

        await AssertCopiedAsync(id, image);
    }

    [Theory]
    [InlineData("source")]
    [InlineData("destination")]
    public async Task ServerDownMidCopy_CopyFailsOnThatSideAndRetriesUntilItIsBack_AndMatchesTheSource(string side)
    {
        var (id, image) = await StartCloneAsync();
        await CopyUnderWayAsync(id);
        var (cluster, project, name, errorSide) = side == "source"
            ? (_rig.A, "default", CloneNames.SourceVolume(id), ErrorSide.SourceCluster)
            : (_rig.B, "default", "copy", ErrorSide.DestinationCluster);
        var volume = (await cluster.Client().FindVolumeByNameAsync(project, name))!;
        var primary = cluster.State.Identity.Servers.Single(s => s.NodeUuid == volume.PrimaryNodeUuid);
        var other = cluster.State.Identity.Servers.First(s => s != primary);
        using var admin = cluster.Http();
        admin.BaseAddress = new Uri($"https://{other.ApiEndpoint}");

        (await admin.PostAsync($"/_emulator/servers/{primary.Name}/stop", JsonContent.Create(new { }))).EnsureSuccessStatusCode();
        await Poll.UntilAsync(() => !Probe.Accepts(primary.NvmeEndpoint), $"the {side} server refuses NVMe/TCP connections");
        var down = (await _rig.Dms.Workflows.GetAsync(id))!;
        Assert.True(!down.Journal.CompletedSteps.Contains("copy") && down.State == WorkflowState.Running,
            $"the copy was over before the {side} server went down ({down.State}, steps [{string.Join(", ", down.Journal.CompletedSteps)}]): the fault never hit it");

        // Two failures: the copy in flight, then a retry against the server that is still down (it waits, it does not give up).
        await Poll.UntilAsync(() => Task.FromResult(CopyFailures(id, errorSide)), failures => failures >= 2,
            $"the copy step of workflow {id} fails on the {side} side and is retried");
        (await admin.PostAsync($"/_emulator/servers/{primary.Name}/start", JsonContent.Create(new { }))).EnsureSuccessStatusCode();

        await AssertCopiedAsync(id, image);
    }

    /// <summary>Tries of the workflow's copy step that failed because of <paramref name="side"/>, as the engine logged them.</summary>
    private int CopyFailures(Guid id, ErrorSide side) => _rig.Logs.Entries.Count(e =>
        e.Has("WorkflowId", id) && e.Has("Step", "copy") && e.Exception is WorkflowStepException failure && failure.Origin == side.Origin);

    [Fact]
    public async Task DestinationOutOfSpace_FailsSayingSo_AndLeavesNothing()
    {
        await using var small = await CloneRig.StartAsync(capacityOfB: 16 << 20);
        var (_, snapshot, _) = await CloneRig.SourceAsync(small.A, "64 mib", (0, 32 << 20));
        var id = await small.StartAsync("/api/v1/volumes/thickclone", CloneRig.Request(small.A, snapshot, small.B, "copy"));

        var workflow = await small.Dms.Workflows.EndedAsync(id);

        Assert.Equal(WorkflowState.Failed, workflow.State);
        Assert.Contains("copy", workflow.Msg, StringComparison.Ordinal);
        Assert.Contains("0x81", workflow.Msg, StringComparison.Ordinal);
        Assert.DoesNotContain(await CloneRig.LeftoversAsync(small.A), n => n.Contains(id.ToString(), StringComparison.Ordinal));
        Assert.Empty(await CloneRig.LeftoversAsync(small.B));
    }

    [Fact]
    public async Task DestinationCorruptedBeforeVerification_FailsNamingTheFirstBadOffset_AndLeavesNothing()
    {
        // Verification is paced by the rig's 16 MiB/s limit: it reaches the damaged byte seconds after the copy step ends.
        var (id, _) = await StartCloneAsync(verify: true);
        await _rig.Dms.Workflows.UntilAsync(id, w => w.Journal.CompletedSteps.Contains("copy") || w.State.IsEnded(), "has finished its copy step (or ended)");
        var destination = (await _rig.B.Client().FindVolumeByNameAsync("default", "copy"))!;
        var bad = (41L << 20) + 8192;
        await _rig.B.Blocks.GetVolume(Guid.Parse(destination.Uuid!)).WriteAsync(bad, Enumerable.Repeat((byte)0xBD, 4096).ToArray());

        var workflow = await _rig.Dms.Workflows.EndedAsync(id);

        Assert.Equal(WorkflowState.Failed, workflow.State);
        Assert.Contains($"differs from the source at byte offset {bad}", workflow.Msg, StringComparison.Ordinal);
        await AssertNothingLeftAsync(id);
    }

    [Fact]
    public async Task BandwidthLimitEditedInDmsYaml_AppliesToTheRunningCopy()
    {
        var (id, image) = await StartCloneAsync(verify: false);
        await CopyUnderWayAsync(id);
        var throttles = _rig.Dms.Get<CopyThrottles>();
        Assert.Equal(16 << 20, throttles.WorkflowBandwidth);

        File.AppendAllText(_rig.Dms.ConfigDir.SettingsFile, "\ncopyWorkflowBandwidth: unlimited\ncopyMaxBandwidth: 1GiB/s\n");

        await Poll.UntilAsync(() => Task.FromResult((throttles.WorkflowBandwidth, throttles.MaxBandwidth)), limits => limits == (0, 1L << 30), "dms applies the limits edited in dms.yaml");
        await AssertCopiedAsync(id, image);
    }
}
