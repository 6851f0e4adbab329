using Dms.Workflows;

namespace Dms.Service.Cloning.Steps;

/// <summary>Removes the temporary source clone; the result stays.</summary>
internal sealed class CleanupStep(CloneServices services) : IWorkflowStep
{
    public string Name => "cleanup";

    public async Task ExecuteAsync(StepContext context, CancellationToken ct)
    {
        var job = CloneJob.From(context);
        context.ReportProgress(CloneProgress.Stage("cleanup", 99));
        var cluster = await services.ClusterAsync(job.SourceCluster, ErrorSide.SourceCluster, ct);
        await services.Owned.DeleteVolumeIfOursAsync(cluster, job.SourceProject, job.SourceVolumeName, job.WorkflowId, ErrorSide.SourceCluster, ct);
        await services.Sessions.ReleaseAsync(job.WorkflowId);
        services.Throttles.Release(job.WorkflowId);
        context.ReportProgress(CloneProgress.Stage("completed", 100));
    }
}
