using Dms.Workflows;
using Lightbits.Api;
using Lightbits.Api.Model;

namespace Dms.Service.Cloning.Steps;

/// <summary>
/// Hands the result over (DESIGN §5 step 7): a volume clone loses DMS's host from its ACL
/// (ALLOW_NONE until the user attaches hosts); a snapshot clone becomes a snapshot of the staging
/// volume (cleanup drops the volume). It is the sagas' pivot: once it completed, the result is the user's.
/// </summary>
internal sealed class FinalizeStep(CloneServices services) : IWorkflowStep
{
    public const string StepName = "finalize";

    public string Name => StepName;

    public async Task ExecuteAsync(StepContext context, CancellationToken ct)
    {
        var job = CloneJob.From(context);
        context.ReportProgress(CloneProgress.Stage("finalizing", 98));
        var cluster = await services.ClusterAsync(job.DestinationCluster, ErrorSide.DestinationCluster, ct);
        if (job.Kind == CloneKind.Volume)
        {
            await CloseVolumeAsync(context, job, cluster, ct);
        }
        else
        {
            await SnapshotStagingVolumeAsync(context, job, cluster, ct);
        }
    }

    private async Task CloseVolumeAsync(StepContext context, CloneJob job, ILightbitsCluster cluster, CancellationToken ct)
    {
        var volume = await OwnedResources.Call(() => cluster.FindVolumeByNameAsync(job.DestinationProject, job.DestinationVolumeName, ct), ErrorSide.DestinationCluster, "reading the destination volume")
            ?? throw WorkflowStepException.Permanent($"destination volume {job.DestinationVolumeName} is gone", ErrorSide.DestinationCluster);
        await OwnedResources.Call(async () =>
        {
            await cluster.UpdateVolumeAsync(job.DestinationProject, volume.Uuid!, _ => new UpdateVolumeRequest { Acl = StringList.Of(StringList.AllowNone) }, ct);
            return volume;
        }, ErrorSide.DestinationCluster, "closing the destination volume's ACL");
        await services.Waits.VolumeAvailableAsync(cluster, job.DestinationProject, volume.Uuid!, ErrorSide.DestinationCluster, ct);
        context.SetResult(new { clusterId = job.DestinationCluster, projectName = job.DestinationProject, name = job.Dst.Name, volumeUuid = volume.Uuid });
    }

    /// <summary>
    /// Idempotent: a rerun (after a timeout, or DMS dying before the journal recorded this step) that
    /// finds its own snapshot goes straight to the result.
    /// </summary>
    private async Task SnapshotStagingVolumeAsync(StepContext context, CloneJob job, ILightbitsCluster cluster, CancellationToken ct)
    {
        await context.RecordResourceAsync($"snapshot {job.DestinationCluster}/{job.DestinationProject}/{job.Dst.Name}", ct);
        var snapshot = await OwnedResources.Call(() => cluster.FindSnapshotByNameAsync(job.DestinationProject, job.Dst.Name!, ct), ErrorSide.DestinationCluster, "looking up the destination snapshot");
        if (snapshot is not null && !CloneNames.IsOurs(snapshot, job.WorkflowId))
        {
            throw WorkflowStepException.Permanent($"snapshot {job.Dst.Name} already exists in project {job.DestinationProject} and was not created by this workflow", ErrorSide.DestinationCluster);
        }
        if (snapshot is null)
        {
            var staging = await OwnedResources.Call(() => cluster.FindVolumeByNameAsync(job.DestinationProject, job.DestinationVolumeName, ct), ErrorSide.DestinationCluster, "reading the staging volume")
                ?? throw WorkflowStepException.Permanent($"staging volume {job.DestinationVolumeName} is gone and snapshot {job.Dst.Name} does not exist", ErrorSide.DestinationCluster);
            snapshot = await OwnedResources.Call(() => cluster.CreateSnapshotAsync(job.DestinationProject, new CreateSnapshotRequest
            {
                Name = job.Dst.Name,
                SourceVolumeUuid = staging.Uuid,
                Description = job.Dst.Description,
            }, ct), ErrorSide.DestinationCluster, $"creating snapshot {job.Dst.Name}");
        }
        snapshot = await services.Waits.SnapshotAvailableAsync(cluster, job.DestinationProject, snapshot.Uuid!, ErrorSide.DestinationCluster, ct);
        // The staging volume goes in cleanup, after the pivot: failing to delete it must not undo the snapshot.
        context.SetResult(new { clusterId = job.DestinationCluster, projectName = job.DestinationProject, name = job.Dst.Name, snapshotUuid = snapshot.Uuid });
    }

    public async Task CompensateAsync(StepContext context, CancellationToken ct)
    {
        var job = CloneJob.From(context);
        if (job.Kind == CloneKind.Snapshot)
        {
            var cluster = await services.ClusterAsync(job.DestinationCluster, ErrorSide.DestinationCluster, ct);
            await services.Owned.DeleteSnapshotIfOursAsync(cluster, job.DestinationProject, job.Dst.Name!, job.WorkflowId, ErrorSide.DestinationCluster, ct);
        }
    }
}
