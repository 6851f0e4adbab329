using Dms.Workflows;
using Lightbits.Api;
using Lightbits.Api.Http;
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
        var uuid = OwnedResources.Field(() => RequiredField.Text(volume.Uuid, cluster.Name, $"volume {job.DestinationVolumeName}", "UUID"), ErrorSide.DestinationCluster);
        await OwnedResources.Call(async () =>
        {
            await cluster.UpdateVolumeAsync(job.DestinationProject, uuid, _ => new UpdateVolumeRequest { Acl = StringList.Of(StringList.AllowNone) }, ct);
            return volume;
        }, ErrorSide.DestinationCluster, "closing the destination volume's ACL");
        await services.Waits.VolumeAvailableAsync(cluster, job.DestinationProject, uuid, ErrorSide.DestinationCluster, ct);
        context.SetResult(new { clusterId = job.DestinationCluster, projectName = job.DestinationProject, name = job.Dst.Name, volumeUuid = volume.Uuid });
    }

    /// <summary>
    /// Idempotent: a rerun (after a timeout, or DMS dying before the journal recorded this step) that
    /// finds its own snapshot goes straight to the result.
    /// </summary>
    private async Task SnapshotStagingVolumeAsync(StepContext context, CloneJob job, ILightbitsCluster cluster, CancellationToken ct)
    {
        await context.RecordResourceAsync(SnapshotResource(job), ct);
        var snapshot = await OwnedResources.Call(() => cluster.FindSnapshotByNameAsync(job.DestinationProject, job.Dst.Name!, ct), ErrorSide.DestinationCluster, "looking up the destination snapshot");
        if (snapshot is not null && !CloneNames.IsOurs(snapshot, job.WorkflowId))
        {
            throw WorkflowStepException.Permanent($"snapshot {job.Dst.Name} already exists in project {job.DestinationProject} and was not created by this workflow", ErrorSide.DestinationCluster);
        }
        var created = snapshot is null;
        snapshot ??= await CreateSnapshotAsync(job, cluster, ct);
        var uuid = OwnedResources.Field(() => RequiredField.Text(snapshot.Uuid, cluster.Name, $"snapshot {job.Dst.Name}", "UUID"), ErrorSide.DestinationCluster);
        if (created)
        {
            await context.IdentifyResourceAsync(SnapshotResource(job), uuid);
        }
        snapshot = created
            ? await services.Waits.CreatedSnapshotAvailableAsync(cluster, job.DestinationProject, uuid, ErrorSide.DestinationCluster, ct)
            : await services.Waits.SnapshotAvailableAsync(cluster, job.DestinationProject, uuid, ErrorSide.DestinationCluster, ct);
        // The staging volume goes in cleanup, after the pivot: failing to delete it must not undo the snapshot.
        context.SetResult(new { clusterId = job.DestinationCluster, projectName = job.DestinationProject, name = job.Dst.Name, snapshotUuid = snapshot.Uuid });
    }

    private static async Task<Snapshot> CreateSnapshotAsync(CloneJob job, ILightbitsCluster cluster, CancellationToken ct)
    {
        var staging = await OwnedResources.Call(() => cluster.FindVolumeByNameAsync(job.DestinationProject, job.DestinationVolumeName, ct), ErrorSide.DestinationCluster, "reading the staging volume")
            ?? throw WorkflowStepException.Permanent($"staging volume {job.DestinationVolumeName} is gone and snapshot {job.Dst.Name} does not exist", ErrorSide.DestinationCluster);
        try
        {
            return await cluster.CreateSnapshotAsync(job.DestinationProject, new CreateSnapshotRequest
            {
                Name = job.Dst.Name,
                SourceVolumeUuid = staging.Uuid,
                Description = job.Dst.Description,
            }, ct);
        }
        catch (LightbitsApiException e) when (e.IsConflict)
        {
            // Our own earlier create whose snapshot reads do not show yet (404 after create), or someone
            // else's: the rerun looks again and tells them apart by the label.
            throw WorkflowStepException.Transient($"snapshot {job.Dst.Name} exists but cannot be read yet; looking again", ErrorSide.DestinationCluster, innerException: e);
        }
        catch (LightbitsApiException e)
        {
            throw new WorkflowStepException($"creating snapshot {job.Dst.Name}: {e.Message}", ErrorSide.DestinationCluster, e.IsRetryable, innerException: e);
        }
    }

    public async Task CompensateAsync(StepContext context, CancellationToken ct)
    {
        var job = CloneJob.From(context);
        if (job.Kind == CloneKind.Snapshot)
        {
            var cluster = await services.ClusterAsync(job.DestinationCluster, ErrorSide.DestinationCluster, ct);
            await services.Owned.DeleteSnapshotIfOursAsync(cluster, job.DestinationProject, job.Dst.Name!, job.WorkflowId,
                context.ResourceId(SnapshotResource(job)), ErrorSide.DestinationCluster, ct);
        }
    }

    private static string SnapshotResource(CloneJob job) => $"snapshot {job.DestinationCluster}/{job.DestinationProject}/{job.Dst.Name}";
}
