using System.Text.Json;
using Common.Testing;
using Dms.Cloning.Copy;
using Dms.Cloning.Planning;
using Dms.Service.Cloning;
using Dms.Service.Tests.TestSupport;
using Dms.Testing;
using Lightbits.Api.Model;

namespace Dms.Service.Tests.Cloning;

/// <summary>
/// Progress is of the work (issue 16, finding 1): a sparse snapshot's clone reads only its allocated
/// blocks, so percent, bytes and ETA count those, never the volume size.
/// </summary>
public sealed class CloneProgressTests
{
    private const long MiB = 1 << 20;

    [Fact]
    public async Task SparseClone_PercentTracksTheBytesMovedToTheDestination_AndTheTotalIsThePlanNotTheVolume()
    {
        // 16 MiB written across a 256 MiB volume (the proportion of 256 MiB in 4 GiB), copied at 2 MiB/s so
        // progress can be watched; a 3 s lease saves progress every second.
        await using var rig = await CloneRig.StartAsync(settings: s => s with { CopyWorkflowBandwidth = 2 * MiB }, lease: TimeSpan.FromSeconds(3));
        var data = Enumerable.Range(0, 8).Select(i => ((long)i * 32 * MiB, (int)(2 * MiB))).ToArray();
        var (volume, snapshot, _) = await CloneRig.SourceAsync(rig.A, "256 mib", data);
        var planned = 16 * MiB;
        var arrived = rig.B.RecordWrites();
        var blockSize = (long)volume.SectorSizeOrDefault;
        long Moved() => arrived.Snapshot().Sum(w => w.Blocks) * blockSize;

        var id = await rig.StartAsync("/api/v1/volumes/thickclone", CloneRig.Request(rig.A, snapshot, rig.B, "sparse-copy", verify: false));
        var samples = new List<(long MovedBefore, JsonElement Progress, long MovedAfter)>();
        var ended = await Poll.UntilAsync(async () =>
        {
            var before = Moved();
            var workflow = (await Json.ReadAsync(await rig.Http.GetAsync($"/api/v1/workflows/{id}"))).GetProperty("workflow");
            samples.Add((before, workflow.GetProperty("progress").Clone(), Moved()));
            return workflow.Clone();
        }, ApiWorkflows.IsEnded, $"workflow {id} has ended", ApiWorkflows.WholeWorkflow, describe: w => w.GetProperty("progress").ToString());

        Assert.True(ended.GetProperty("state").GetString() == "COMPLETED", ended.ToString());
        var copying = samples.Where(s => s.Progress.GetProperty("stage").GetString() == "copying" && s.Progress.TryGetProperty("bytesTotal", out _)).ToList();
        Assert.All(copying, s =>
        {
            var progress = s.Progress;
            var described = $"{progress} with {s.MovedBefore}..{s.MovedAfter} bytes on the destination";
            Assert.True(Bytes(progress, "bytesTotal") == planned, described);
            Assert.True(progress.GetProperty("bytesBasis").GetString() == CloneProgress.PlanBasis, described);
            Assert.True(Bytes(progress, "volumeBytes") == (long)volume.Size, described);
            var done = Bytes(progress, "bytesDone");
            // Never ahead of what really arrived (a position in the volume would be: it jumps over the holes)…
            Assert.True(done <= s.MovedAfter, described);
            // …and the percent says the same as the bytes: within 5 points of the fraction moved.
            var percent = progress.GetProperty("percent").GetInt32();
            Assert.True(Math.Abs(percent - (100.0 * done / planned)) <= 5, described);
            Assert.True(percent <= (100.0 * s.MovedAfter / planned) + 5, described);
        });
        // Progress was seen moving through the copy, not only at its ends.
        Assert.True(copying.Select(s => Bytes(s.Progress, "bytesDone")).Where(d => d > 0 && d < planned).Distinct().Count() >= 3,
            string.Join("\n", copying.Select(s => s.Progress.ToString())));
        Assert.Equal(planned, Moved());
    }

    [Fact]
    public void VerifiedSparseClone_CopyAndVerifyShareThePercentByTheBytesEachReads_AndVerifySaysItReadsTheWholeVolume()
    {
        // 256 MiB to copy, then 4 GiB to verify: the copy is 256/(256+4096) of the data stages' 5..98.
        var plan = CopyPlan.Create([new ByteExtent(0, 256 * MiB)], 4096 * MiB, 1 << 20, 4096);
        CopyProgress Copied(long done) => new()
        {
            Watermark = done, PlannedDone = done, PlannedTotal = plan.PlannedBytes, LogicalTotal = plan.LogicalTotal, BytesRead = done, BytesWritten = done,
            BytesPerSecond = MiB,
        };

        var halfCopied = CloneProgress.Copying(Copied(128 * MiB), plan, verifyFollows: true);
        var copied = CloneProgress.Copying(Copied(256 * MiB), plan, verifyFollows: true);
        var halfVerified = CloneProgress.Verifying(2048 * MiB, plan, TimeSpan.FromSeconds(64));

        Assert.Equal((7, 256 * MiB, 128 * MiB, CloneProgress.PlanBasis, 4096 * MiB, 128L), (halfCopied.Percent, halfCopied.BytesTotal, halfCopied.BytesDone,
            halfCopied.BytesBasis, halfCopied.VolumeBytes, halfCopied.EtaSeconds));
        Assert.Equal(10, copied.Percent);
        Assert.Equal((54, "verifying whole volume", 4096 * MiB, CloneProgress.VolumeBasis, 32 * MiB, 64L), (halfVerified.Percent, halfVerified.Stage,
            halfVerified.BytesTotal, halfVerified.BytesBasis, halfVerified.BytesPerSecond, halfVerified.EtaSeconds));
        Assert.Equal(98, CloneProgress.Verifying(4096 * MiB, plan, TimeSpan.FromSeconds(128)).Percent);
        Assert.Equal(98, CloneProgress.Copying(Copied(256 * MiB), plan, verifyFollows: false).Percent);
    }

    [Fact]
    public void FullScanCopy_SaysItsTotalIsTheVolume()
    {
        var plan = CopyPlan.Full(64 * MiB, 1 << 20, 4096);
        var progress = CloneProgress.Copying(new CopyProgress
        {
            Watermark = 0, PlannedDone = 16 * MiB, PlannedTotal = 64 * MiB, LogicalTotal = 64 * MiB, BytesRead = 16 * MiB, BytesWritten = 0, BytesPerSecond = 0,
        }, plan, verifyFollows: false);

        Assert.Equal((CloneProgress.VolumeBasis, 64 * MiB, (long?)null), (progress.BytesBasis, progress.BytesTotal, progress.EtaSeconds));
    }

    private static long Bytes(JsonElement progress, string name) => long.Parse(progress.GetProperty(name).GetString()!, System.Globalization.CultureInfo.InvariantCulture);
}
