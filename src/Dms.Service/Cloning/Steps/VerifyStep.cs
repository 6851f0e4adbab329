using Dms.Cloning.Copy;
using Dms.Cloning.Verification;
using Dms.Workflows;

namespace Dms.Service.Cloning.Steps;

/// <summary>verifyClone: the destination read back must equal what was read from the source (DESIGN §5 step 6).</summary>
internal sealed class VerifyStep(CloneServices services) : IWorkflowStep
{
    public string Name => "verify";

    public async Task ExecuteAsync(StepContext context, CancellationToken ct)
    {
        var job = CloneJob.From(context);
        if (!job.Request.VerifyClone)
        {
            return;
        }
        var source = await services.ClusterAsync(job.SourceCluster, ErrorSide.SourceCluster, ct);
        var destination = await services.ClusterAsync(job.DestinationCluster, ErrorSide.DestinationCluster, ct);
        await using var reader = await services.DataPath.OpenAsync(source, job.SourceProject, job.SourceVolumeName, ErrorSide.SourceCluster, ct);
        await using var writer = await services.DataPath.OpenAsync(destination, job.DestinationProject, job.DestinationVolumeName, ErrorSide.DestinationCluster, ct);
        var plan = await CopyStep.PlanAsync(services, job, source, reader, writer, ct);
        var checksums = services.Checksums.Find(job.WorkflowId, plan.ChunkCount) ?? new ChecksumLog(plan.ChunkCount);
        context.ReportProgress(CloneProgress.Verifying(0, plan.PlannedBytes));
        try
        {
            await CopyVerifier.VerifyAsync(reader, writer, plan, checksums, services.Options.Copy,
                verified => context.ReportProgress(CloneProgress.Verifying(verified, plan.PlannedBytes)), ct);
        }
        catch (VerificationException e)
        {
            throw WorkflowStepException.Permanent(e.Message, ErrorSide.DestinationCluster, e);
        }
        catch (CopyException e)
        {
            throw new WorkflowStepException($"verification: {e.Message}", e.Side == CopySide.Source ? ErrorSide.SourceCluster : ErrorSide.DestinationCluster, e.IsRetryable, innerException: e);
        }
    }
}
