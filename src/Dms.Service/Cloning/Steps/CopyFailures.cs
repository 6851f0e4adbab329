using Dms.Cloning.Copy;
using Dms.Workflows;

namespace Dms.Service.Cloning.Steps;

/// <summary>The copy engine's failures as step failures: the side that failed and whether a retry can help stay as they were.</summary>
internal static class CopyFailures
{
    public static WorkflowStepException ToStepException(CopyException e, string? doing = null) =>
        new($"{doing}{e.Message}", e.Side == CopySide.Source ? ErrorSide.SourceCluster : ErrorSide.DestinationCluster, e.IsRetryable, innerException: e);

    /// <summary>The destination does not hold what the source does: permanent, the copy is wrong.</summary>
    public static WorkflowStepException ToStepException(VerificationException e) =>
        WorkflowStepException.Permanent(e.Message, ErrorSide.DestinationCluster, e);
}
