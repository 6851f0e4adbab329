namespace Dms.Cloning.Copy;

/// <summary>
/// Where a copy stands. <see cref="Watermark"/> is the checkpoint: every byte of the plan below it
/// is on the destination, so a restarted copy resumes there. Logical bytes count positions in the
/// volume (what percent and ETA are of); physical bytes count what crossed the wire.
/// </summary>
public sealed record CopyProgress
{
    public required long Watermark { get; init; }
    public required long LogicalDone { get; init; }
    public required long LogicalTotal { get; init; }
    public required long BytesRead { get; init; }
    public required long BytesWritten { get; init; }
    public required double BytesPerSecond { get; init; }

    public int Percent => LogicalTotal == 0 ? 100 : (int)Math.Min(100, LogicalDone * 100 / LogicalTotal);

    public TimeSpan? Eta => BytesPerSecond <= 0 ? null : TimeSpan.FromSeconds((LogicalTotal - LogicalDone) / BytesPerSecond);
}
