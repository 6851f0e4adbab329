using Dms.Workflows;
using Lightbits.Api;
using Lightbits.Api.Http;
using Lightbits.Api.Model;

namespace Dms.Service.Cloning;

/// <summary>
/// Lightbits creates and deletes asynchronously (spec lightbits-api.md §3): poll until the resource
/// settles. A resource that ends Failed, or does not settle in time, fails the step.
/// </summary>
/// <param name="notFoundAfterCreate">
/// How long a resource DMS has just created may still answer 404 before DMS believes it: a cluster
/// can acknowledge a create before its reads see it (Cinder's driver keeps polling a 404 then;
/// docs/lightbits-assumptions.md "States and refusals").
/// </param>
internal sealed class ClusterWaits(TimeProvider time, TimeSpan? timeout = null, TimeSpan? notFoundAfterCreate = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromMinutes(5);
    private readonly TimeSpan _notFoundAfterCreate = notFoundAfterCreate ?? TimeSpan.FromSeconds(60);

    /// <summary>
    /// Until the volume is usable: Available, or Migrating (a replica is moving and the volume serves
    /// I/O meanwhile, spec lightbits-api.md §3; Cinder and the CSI plugin count it as available too).
    /// </summary>
    public Task<Volume> VolumeAvailableAsync(ILightbitsCluster cluster, string project, string uuid, ErrorSide side, CancellationToken ct) =>
        VolumeUsableAsync(cluster, project, uuid, TimeSpan.Zero, side, ct);

    /// <summary>As <see cref="VolumeAvailableAsync"/> for a volume DMS has just created: a 404 is waited out for a while first.</summary>
    public Task<Volume> CreatedVolumeAvailableAsync(ILightbitsCluster cluster, string project, string uuid, ErrorSide side, CancellationToken ct) =>
        VolumeUsableAsync(cluster, project, uuid, _notFoundAfterCreate, side, ct);

    public Task<Snapshot> SnapshotAvailableAsync(ILightbitsCluster cluster, string project, string uuid, ErrorSide side, CancellationToken ct) =>
        SnapshotUsableAsync(cluster, project, uuid, TimeSpan.Zero, side, ct);

    /// <summary>As <see cref="SnapshotAvailableAsync"/> for a snapshot DMS has just created: a 404 is waited out for a while first.</summary>
    public Task<Snapshot> CreatedSnapshotAvailableAsync(ILightbitsCluster cluster, string project, string uuid, ErrorSide side, CancellationToken ct) =>
        SnapshotUsableAsync(cluster, project, uuid, _notFoundAfterCreate, side, ct);

    private async Task<Volume> VolumeUsableAsync(ILightbitsCluster cluster, string project, string uuid, TimeSpan notFoundGrace, ErrorSide side, CancellationToken ct)
    {
        var unseenUntil = time.GetUtcNow() + notFoundGrace;
        var volume = await PollAsync(
            () => cluster.FindVolumeAsync(project, uuid, ct),
            v => v is null ? time.GetUtcNow() >= unseenUntil : v.State is VolumeState.Available or VolumeState.Migrating or VolumeState.Failed or VolumeState.Deleting,
            $"volume {uuid} to become Available", side, ct);
        return volume switch
        {
            null when notFoundGrace > TimeSpan.Zero => throw WorkflowStepException.Permanent(
                $"volume {uuid} was created but the cluster still answers 404 for it {notFoundGrace.TotalSeconds:0} s later", side),
            null => throw WorkflowStepException.Permanent($"volume {uuid} disappeared while it was being created", side),
            { State: VolumeState.Available or VolumeState.Migrating } => volume,
            _ => throw WorkflowStepException.Permanent($"volume {uuid} ended {volume.State} instead of Available", side),
        };
    }

    private async Task<Snapshot> SnapshotUsableAsync(ILightbitsCluster cluster, string project, string uuid, TimeSpan notFoundGrace, ErrorSide side, CancellationToken ct)
    {
        var unseenUntil = time.GetUtcNow() + notFoundGrace;
        var snapshot = await PollAsync(
            () => cluster.FindSnapshotAsync(project, uuid, ct),
            s => s is null ? time.GetUtcNow() >= unseenUntil : s.State is SnapshotState.Available or SnapshotState.Failed or SnapshotState.Deleting,
            $"snapshot {uuid} to become Available", side, ct);
        return snapshot switch
        {
            null when notFoundGrace > TimeSpan.Zero => throw WorkflowStepException.Permanent(
                $"snapshot {uuid} was created but the cluster still answers 404 for it {notFoundGrace.TotalSeconds:0} s later", side),
            { State: SnapshotState.Available } => snapshot,
            _ => throw WorkflowStepException.Permanent($"snapshot {uuid} ended {snapshot?.State.ToString() ?? "deleted"} instead of Available", side),
        };
    }

    /// <summary>
    /// The volume DMS's create was answered with, once the cluster's reads show it; null when they still
    /// answer 404 after the grace a fresh create gets (someone else deleted it meanwhile).
    /// </summary>
    public Task<Volume?> CreatedVolumeSeenAsync(ILightbitsCluster cluster, string project, string uuid, ErrorSide side, CancellationToken ct) =>
        SeenAfterCreateAsync(() => cluster.FindVolumeAsync(project, uuid, ct), $"volume {uuid}", side, ct);

    /// <summary>As <see cref="CreatedVolumeSeenAsync"/> for a snapshot.</summary>
    public Task<Snapshot?> CreatedSnapshotSeenAsync(ILightbitsCluster cluster, string project, string uuid, ErrorSide side, CancellationToken ct) =>
        SeenAfterCreateAsync(() => cluster.FindSnapshotAsync(project, uuid, ct), $"snapshot {uuid}", side, ct);

    private Task<T?> SeenAfterCreateAsync<T>(Func<Task<T?>> find, string what, ErrorSide side, CancellationToken ct) where T : class
    {
        var unseenUntil = time.GetUtcNow() + _notFoundAfterCreate;
        return PollAsync(find, found => found is not null || time.GetUtcNow() >= unseenUntil, $"{what} to be readable after its create", side, ct);
    }

    public Task VolumeGoneAsync(ILightbitsCluster cluster, string project, string uuid, ErrorSide side, CancellationToken ct) =>
        PollAsync(() => cluster.FindVolumeAsync(project, uuid, ct), v => v is null, $"volume {uuid} to be deleted", side, ct);

    public Task SnapshotGoneAsync(ILightbitsCluster cluster, string project, string uuid, ErrorSide side, CancellationToken ct) =>
        PollAsync(() => cluster.FindSnapshotAsync(project, uuid, ct), s => s is null, $"snapshot {uuid} to be deleted", side, ct);

    private async Task<T?> PollAsync<T>(Func<Task<T?>> read, Func<T?, bool> settled, string what, ErrorSide side, CancellationToken ct) where T : class
    {
        var deadline = time.GetUtcNow() + _timeout;
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            T? value;
            try
            {
                value = await read();
            }
            catch (LightbitsApiException e)
            {
                throw new WorkflowStepException($"waiting for {what}: {e.Message}", side, e.IsRetryable, innerException: e);
            }
            if (settled(value))
            {
                return value;
            }
            if (time.GetUtcNow() > deadline)
            {
                throw WorkflowStepException.Transient($"timed out after {_timeout.TotalSeconds:0} s waiting for {what}", side);
            }
            await Task.Delay(delay, time, ct);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }
}
