using Dms.Workflows;
using Lightbits.Api;
using Lightbits.Api.Http;
using Lightbits.Api.Model;

namespace Dms.Service.Cloning;

/// <summary>
/// Create-or-find and delete-if-ours for the volumes and snapshots a workflow makes, so every step
/// can run again after a crash and every compensation removes exactly what this workflow created.
/// </summary>
internal sealed class OwnedResources(ClusterWaits waits)
{
    public ClusterWaits Waits => waits;

    /// <summary>The volume named in <paramref name="request"/>: created with our label, or found from an earlier run.</summary>
    /// <param name="answered">Given the UUID as soon as a create of ours is answered, before the volume is waited for (the step journals it: <see cref="Dms.Workflows.Definitions.StepContext.IdentifyResourceAsync"/>).</param>
    public async Task<Volume> EnsureVolumeAsync(ILightbitsCluster cluster, string project, CreateVolumeRequest request, Guid workflowId, ErrorSide side, CancellationToken ct,
        Func<string, Task>? answered = null)
    {
        var volume = await Call(() => cluster.FindVolumeByNameAsync(project, request.Name!, ct), side, $"looking up volume {request.Name}");
        var created = false;
        if (volume is null)
        {
            try
            {
                volume = await cluster.CreateVolumeAsync(project, request with { Labels = [.. request.Labels ?? [], CloneNames.Label(workflowId)] }, ct);
                created = true;
            }
            catch (LightbitsApiException e) when (e.IsConflict)
            {
                // Created by our own earlier attempt whose answer was lost, or by someone else: look again.
                volume = await Call(() => cluster.FindVolumeByNameAsync(project, request.Name!, ct), side, $"looking up volume {request.Name}")
                    ?? throw WorkflowStepException.Transient($"volume {request.Name} exists and does not; retrying", side);
            }
            catch (LightbitsApiException e)
            {
                throw new WorkflowStepException($"creating volume {request.Name} in project {project}: {e.Message}", side, e.IsRetryable, innerException: e);
            }
        }
        if (!CloneNames.IsOurs(volume, workflowId))
        {
            throw WorkflowStepException.Permanent($"volume {request.Name} already exists in project {project} and was not created by this workflow", side);
        }
        var uuid = Field(() => RequiredField.Text(volume.Uuid, cluster.Name, $"volume {request.Name}", "UUID"), side);
        if (created && answered is not null)
        {
            await answered(uuid);
        }
        return created
            ? await waits.CreatedVolumeAvailableAsync(cluster, project, uuid, side, ct)
            : await waits.VolumeAvailableAsync(cluster, project, uuid, side, ct);
    }

    /// <summary>Deletes the named volume if it exists and carries our label; waits until it is gone.</summary>
    /// <param name="createdUuid">What our create of it was answered with, if any: a 404 is then waited out before the volume counts as gone.</param>
    public async Task DeleteVolumeIfOursAsync(ILightbitsCluster cluster, string project, string name, Guid workflowId, string? createdUuid, ErrorSide side, CancellationToken ct)
    {
        var volume = await Call(() => cluster.FindVolumeByNameAsync(project, name, ct), side, $"looking up volume {name}");
        if (volume is null && createdUuid is not null)
        {
            volume = await waits.CreatedVolumeSeenAsync(cluster, project, createdUuid, side, ct);
        }
        if (volume is null || !CloneNames.IsOurs(volume, workflowId))
        {
            return;
        }
        if (volume.State != VolumeState.Deleting)
        {
            await Call(async () =>
            {
                try
                {
                    await cluster.DeleteVolumeAsync(project, RequiredField.Text(volume.Uuid, cluster.Name, $"volume {name}", "UUID"), ct);
                }
                catch (LightbitsApiException e) when (e.IsNotFound)
                {
                    // Gone already: what we wanted.
                }
                return volume;
            }, side, $"deleting volume {name}");
        }
        await waits.VolumeGoneAsync(cluster, project, Field(() => RequiredField.Text(volume.Uuid, cluster.Name, $"volume {name}", "UUID"), side), side, ct);
    }

    /// <summary>Deletes the named snapshot if it exists and carries our label; waits until it is gone.</summary>
    /// <param name="createdUuid">What our create of it was answered with, if any: a 404 is then waited out before the snapshot counts as gone.</param>
    public async Task DeleteSnapshotIfOursAsync(ILightbitsCluster cluster, string project, string name, Guid workflowId, string? createdUuid, ErrorSide side, CancellationToken ct)
    {
        var snapshot = await Call(() => cluster.FindSnapshotByNameAsync(project, name, ct), side, $"looking up snapshot {name}");
        if (snapshot is null && createdUuid is not null)
        {
            snapshot = await waits.CreatedSnapshotSeenAsync(cluster, project, createdUuid, side, ct);
        }
        if (snapshot is null || !CloneNames.IsOurs(snapshot, workflowId))
        {
            return;
        }
        if (snapshot.State != SnapshotState.Deleting)
        {
            await Call(async () =>
            {
                try
                {
                    await cluster.DeleteSnapshotAsync(project, RequiredField.Text(snapshot.Uuid, cluster.Name, $"snapshot {name}", "UUID"), ct);
                }
                catch (LightbitsApiException e) when (e.IsNotFound)
                {
                    // Gone already.
                }
                return snapshot;
            }, side, $"deleting snapshot {name}");
        }
        await waits.SnapshotGoneAsync(cluster, project, Field(() => RequiredField.Text(snapshot.Uuid, cluster.Name, $"snapshot {name}", "UUID"), side), side, ct);
    }

    /// <summary>A field the step cannot do without (<see cref="RequiredField"/>); its absence is a permanent step error on the cluster's side.</summary>
    public static T Field<T>(Func<T> read, ErrorSide side)
    {
        try
        {
            return read();
        }
        catch (LightbitsApiException e)
        {
            throw new WorkflowStepException(e.Message, side, e.IsRetryable, innerException: e);
        }
    }

    /// <summary>A cluster call whose failure becomes a step error on the right side, transient when the cluster says so.</summary>
    public static async Task<T> Call<T>(Func<Task<T>> call, ErrorSide side, string what)
    {
        try
        {
            return await call();
        }
        catch (LightbitsApiException e)
        {
            throw new WorkflowStepException($"{what}: {e.Message}", side, e.IsRetryable, innerException: e);
        }
    }
}
