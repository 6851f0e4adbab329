using Dms.Cloning.Copy;
using Dms.Cloning.Planning;
using Dms.Workflows;

namespace Dms.Service.Cloning;

/// <summary>
/// One percent scale over the whole workflow, so it only moves forward: preparing up to 5 %, then the
/// data stages up to 98 %, finalizing and cleanup to 100 %. The data stages share their range by the
/// bytes each moves: the copy reads the plan (allocated or changed extents), the verify reads the whole
/// volume — a 256 MiB copy inside a 4 GiB volume is a small part of a verified clone's work.
/// The bytes fields are the current stage's, and <see cref="WorkflowProgress.BytesBasis"/> says of what.
/// </summary>
internal static class CloneProgress
{
    /// <summary>bytesTotal is the copy plan's bytes: what the copy reads, far below the volume size for a sparse snapshot.</summary>
    public const string PlanBasis = "plan";

    /// <summary>bytesTotal is the whole volume: a full-scan copy, or the verify (which reads every byte of both sides).</summary>
    public const string VolumeBasis = "volume";

    public const string VerifyingStage = "verifying whole volume";

    private const int DataStart = 5, DataEnd = 98;

    public static WorkflowProgress Stage(string stage, int percent) => new() { Stage = stage, Percent = percent };

    public static WorkflowProgress Copying(CopyProgress p, CopyPlan plan, bool verifyFollows) => new()
    {
        Stage = "copying",
        Percent = DataStart + Scale(p.PlannedDone, p.PlannedTotal, CopyEnd(plan, verifyFollows) - DataStart),
        BytesTotal = p.PlannedTotal,
        BytesDone = p.PlannedDone,
        BytesBasis = plan.IsFullScan ? VolumeBasis : PlanBasis,
        VolumeBytes = p.LogicalTotal,
        BytesPerSecond = (long)p.BytesPerSecond,
        EtaSeconds = p.Eta is { } eta ? (long)Math.Ceiling(eta.TotalSeconds) : null,
    };

    /// <param name="verified">Bytes of the volume verified (a position: everything below it is checked).</param>
    /// <param name="elapsed">Time since this verify run started, for the rate and ETA.</param>
    public static WorkflowProgress Verifying(long verified, CopyPlan plan, TimeSpan elapsed)
    {
        var total = plan.LogicalTotal;
        var start = CopyEnd(plan, verifyFollows: true);
        var rate = elapsed > TimeSpan.Zero ? (long)(verified / elapsed.TotalSeconds) : 0;
        return new WorkflowProgress
        {
            Stage = VerifyingStage,
            Percent = start + Scale(verified, total, DataEnd - start),
            BytesTotal = total,
            BytesDone = verified,
            BytesBasis = VolumeBasis,
            VolumeBytes = total,
            BytesPerSecond = rate,
            EtaSeconds = rate > 0 ? (long)Math.Ceiling((double)Math.Max(0, total - verified) / rate) : null,
        };
    }

    /// <summary>Where the copy's share of the data range ends: by bytes read, copy plan against the verify's whole volume.</summary>
    private static int CopyEnd(CopyPlan plan, bool verifyFollows)
    {
        if (!verifyFollows)
        {
            return DataEnd;
        }
        var work = plan.PlannedBytes + plan.LogicalTotal;
        return DataStart + Scale(plan.PlannedBytes, work, DataEnd - DataStart);
    }

    private static int Scale(long done, long total, int range) => total <= 0 ? range : (int)(Math.Clamp(done, 0, total) * range / total);
}
