using Dms.Workflows;
using Lightbits.Api.Model;

namespace Dms.Service.Cloning.Steps;

/// <summary>
/// Hands the result over (DESIGN §5 step 7): a volume clone loses DMS's host from its ACL
/// (ALLOW_NONE until the user attaches hosts); a snapshot clone becomes a snapshot of the staging
/// volume, which is then dropped.
/// </summary>
internal sealed class FinalizeStep(CloneServices services) : IWorkflowStep
{
    public string Name => "finalize";

    public async Task ExecuteAsync(StepContext context, CancellationToken ct)
    {
        var job = CloneJob.From(context);
        context.ReportProgress(CloneProgress.Stage("finalizing", 98));
        var cluster = await services.ClusterAsync(job.DestinationCluster, ErrorSide.DestinationCluster, ct);
        var volume = await OwnedResources.Call(() => cluster.FindVolumeByNameAsync(job.DestinationProject, job.DestinationVolumeName, ct), ErrorSide.DestinationCluster, "reading the destination volume")
            ?? throw WorkflowStepException.Permanent($"destination volume {job.DestinationVolumeName} is gone", ErrorSide.DestinationCluster);
        if (job.Kind == CloneKind.Volume)
        {
            await OwnedResources.Call(async () =>
            {
                await cluster.UpdateVolumeAsync(job.DestinationProject, volume.Uuid!, _ => new UpdateVolumeRequest { Acl = StringList.Of(StringList.AllowNone) }, ct);
                return volume;
            }, ErrorSide.DestinationCluster, "closing the destination volume's ACL");
            await services.Waits.VolumeAvailableAsync(cluster, job.DestinationProject, volume.Uuid!, ErrorSide.DestinationCluster, ct);
            context.SetResult(new { clusterId = job.DestinationCluster, projectName = job.DestinationProject, name = job.Dst.Name, volumeUuid = volume.Uuid });
            return;
        }

        await context.RecordResourceAsync($"snapshot {job.DestinationCluster}/{job.DestinationProject}/{job.Dst.Name}", ct);
        var snapshot = await OwnedResources.Call(() => cluster.FindSnapshotByNameAsync(job.DestinationProject, job.Dst.Name!, ct), ErrorSide.DestinationCluster, "looking up the destination snapshot");
        if (snapshot is not null && !CloneNames.IsOurs(snapshot, job.WorkflowId))
        {
            throw WorkflowStepException.Permanent($"snapshot {job.Dst.Name} already exists in project {job.DestinationProject} and was not created by this workflow", ErrorSide.DestinationCluster);
        }
        snapshot ??= await OwnedResources.Call(() => cluster.CreateSnapshotAsync(job.DestinationProject, new CreateSnapshotRequest
        {
            Name = job.Dst.Name,
            SourceVolumeUuid = volume.Uuid,
            Description = job.Dst.Description,
        }, ct), ErrorSide.DestinationCluster, $"creating snapshot {job.Dst.Name}");
        snapshot = await services.Waits.SnapshotAvailableAsync(cluster, job.DestinationProject, snapshot.Uuid!, ErrorSide.DestinationCluster, ct);
        // The snapshot keeps the data; the staging volume it was taken from is no longer needed.
        await services.Owned.DeleteVolumeIfOursAsync(cluster, job.DestinationProject, job.DestinationVolumeName, job.WorkflowId, ErrorSide.DestinationCluster, ct);
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
