using System.Net.Http.Json;
using Dms.Service.Tests.TestSupport;
using Dms.Workflows;
using Lightbits.Emulator.Testing;

namespace Dms.Service.Tests.Cloning;

/// <summary>
/// A source cluster whose changed-blocks listing is wrong (lbemu's changed-blocks faults): the clone
/// refuses a listing it cannot trust, and verifyClone catches data the listing left out (issue 12 item 7).
/// </summary>
public sealed class PlanIntegrityTests(SharedCloneRig shared) : IClassFixture<SharedCloneRig>
{
    private const int Lba = 4096;
    private readonly CloneRig _rig = shared.Rig;

    private static async Task ListingFaultAsync(TestCluster cluster, object fault) =>
        (await cluster.Http().PostAsync("/_emulator/changed-blocks-faults", JsonContent.Create(fault))).EnsureSuccessStatusCode();

    [Fact]
    public async Task ListingOutOfOrder_FailsTheCloneNamingTheRange_AndLeavesNothing()
    {
        var (_, snapshot, _) = await CloneRig.SourceAsync(_rig.A, "64 mib", (0, 1 << 20), (40 << 20, 1 << 20));
        await ListingFaultAsync(_rig.A, new { snapshotUuid = snapshot.Uuid, outOfOrder = true });

        var id = await _rig.StartAsync("/api/v1/volumes/thickclone", CloneRig.Request(_rig.A, snapshot, _rig.B, "unordered"));
        var workflow = await _rig.Dms.Workflows.EndedAsync(id);

        Assert.Equal(WorkflowState.Failed, workflow.State);
        Assert.Contains("blocks [0, 256) (bytes from 0) comes after the extent before it, blocks [10240, 10496)", workflow.Msg, StringComparison.Ordinal);
        Assert.DoesNotContain(await CloneRig.LeftoversAsync(_rig.A), n => n.Contains(id.ToString(), StringComparison.Ordinal));
        Assert.Null(await _rig.B.Client().FindVolumeByNameAsync("default", "unordered"));
    }

    [Fact]
    public async Task ListingThatOmitsWrittenData_FailsVerifyClone_NamingTheFirstDifferingOffset()
    {
        var (_, snapshot, image) = await CloneRig.SourceAsync(_rig.A, "64 mib", (0, 1 << 20), (8 << 20, 8 << 20));
        const long omitted = 10 << 20;
        await ListingFaultAsync(_rig.A, new { snapshotUuid = snapshot.Uuid, omitLbaStart = omitted / Lba, omitLbaCount = (1 << 20) / Lba });

        var id = await _rig.StartAsync("/api/v1/volumes/thickclone", CloneRig.Request(_rig.A, snapshot, _rig.B, "omitted", verify: true));
        var workflow = await _rig.Dms.Workflows.EndedAsync(id);

        Assert.Equal(WorkflowState.Failed, workflow.State);
        var firstDiffering = omitted + image.AsSpan((int)omitted).IndexOfAnyExcept((byte)0);
        Assert.Contains($"differs from the source at byte offset {firstDiffering}", workflow.Msg, StringComparison.Ordinal);
        Assert.Null(await _rig.B.Client().FindVolumeByNameAsync("default", "omitted"));
    }
}
