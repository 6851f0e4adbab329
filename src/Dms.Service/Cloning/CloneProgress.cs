using Dms.Cloning.Copy;
using Dms.Workflows;

namespace Dms.Service.Cloning;

/// <summary>
/// One percent scale over the whole workflow, so it only moves forward: preparing up to 5 %,
/// copying 5–90 %, verifying 90–98 %, finalizing and cleanup to 100 %.
/// </summary>
internal static class CloneProgress
{
    private const int CopyStart = 5, CopyEnd = 90, VerifyEnd = 98;

    public static WorkflowProgress Stage(string stage, int percent) => new() { Stage = stage, Percent = percent };

    public static WorkflowProgress Copying(CopyProgress p, bool verifyFollows) => new()
    {
        Stage = "copying",
        Percent = CopyStart + (int)((long)p.Percent * ((verifyFollows ? CopyEnd : VerifyEnd) - CopyStart) / 100),
        BytesTotal = p.LogicalTotal,
        BytesDone = p.LogicalDone,
        BytesPerSecond = (long)p.BytesPerSecond,
        EtaSeconds = p.Eta is { } eta ? (long)Math.Ceiling(eta.TotalSeconds) : null,
    };

    public static WorkflowProgress Verifying(long verified, long total) => new()
    {
        Stage = "verifying",
        Percent = CopyEnd + (int)(total == 0 ? VerifyEnd - CopyEnd : verified * (VerifyEnd - CopyEnd) / total),
        BytesTotal = total,
        BytesDone = verified,
    };
}
