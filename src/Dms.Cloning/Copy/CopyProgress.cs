namespace Dms.Cloning.Copy;

/// <summary>
/// Where a copy stands. <see cref="Watermark"/> is the checkpoint: every byte of the plan below it
/// is on the destination, so a restarted copy resumes there. Percent and ETA are of the planned
/// bytes (the work: a sparse volume's holes are never read), not of the volume size; physical bytes
/// count what crossed the wire in this run.
/// </summary>
public sealed record CopyProgress
{
    public required long Watermark { get; init; }

    /// <summary>Bytes of the plan's chunks done (including any done before a resume).</summary>
    public required long PlannedDone { get; init; }

    /// <summary>Bytes the plan copies: the allocated (or changed) extents, the whole volume for a full scan.</summary>
    public required long PlannedTotal { get; init; }

    /// <summary>The volume size the plan lies in.</summary>
    public required long LogicalTotal { get; init; }

    public required long BytesRead { get; init; }
    public required long BytesWritten { get; init; }

    /// <summary>Planned bytes read per second in this run.</summary>
    public required double BytesPerSecond { get; init; }

    public int Percent => PlannedTotal == 0 ? 100 : (int)Math.Min(100, PlannedDone * 100 / PlannedTotal);

    public TimeSpan? Eta => BytesPerSecond <= 0 ? null : TimeSpan.FromSeconds(Math.Max(0, PlannedTotal - PlannedDone) / BytesPerSecond);
}
