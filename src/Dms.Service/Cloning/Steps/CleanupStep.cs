using Dms.Workflows;

namespace Dms.Service.Cloning.Steps;

/// <summary>
/// Removes what DMS needed only while copying — the temporary source clone and, for a snapshot clone,
/// the staging volume the snapshot was taken from; the result stays. It runs after the pivot: when it
/// keeps failing the workflow still completes (with a warning) and the janitor runs it again later.
/// </summary>
internal sealed class CleanupStep(CloneServices services) : IWorkflowStep
{
    public string Name => "cleanup";

    public async Task ExecuteAsync(StepContext context, CancellationToken ct)
    {
        var job = CloneJob.From(context);
        context.ReportProgress(CloneProgress.Stage("cleanup", 99));
        await services.Sessions.ReleaseAsync(job.WorkflowId);
        services.Throttles.Release(job.WorkflowId);
        var failures = new List<WorkflowStepException>();
        if (job.Kind == CloneKind.Snapshot)
        {
            await TryAsync(failures, async () =>
            {
                var destination = await services.ClusterAsync(job.DestinationCluster, ErrorSide.DestinationCluster, ct);
                await services.Owned.DeleteVolumeIfOursAsync(destination, job.DestinationProject, job.DestinationVolumeName, job.WorkflowId, createdUuid: null, ErrorSide.DestinationCluster, ct);
            });
        }
        // One cluster being down must not keep the other's leftover in place.
        await TryAsync(failures, async () =>
        {
            var source = await services.ClusterAsync(job.SourceCluster, ErrorSide.SourceCluster, ct);
            await services.Owned.DeleteVolumeIfOursAsync(source, job.SourceProject, job.SourceVolumeName, job.WorkflowId, createdUuid: null, ErrorSide.SourceCluster, ct);
        });
        if (failures is [var only])
        {
            throw only;
        }
        if (failures.Count > 1)
        {
            throw new WorkflowStepException(string.Join("; ", failures.Select(f => f.Message)), ErrorSide.Dms, failures.All(f => f.IsRetryable), innerException: new AggregateException(failures));
        }
        context.ReportProgress(CloneProgress.Stage("completed", 100));
    }

    private static async Task TryAsync(List<WorkflowStepException> failures, Func<Task> delete)
    {
        try
        {
            await delete();
        }
        catch (WorkflowStepException e)
        {
            failures.Add(e);
        }
    }
}
