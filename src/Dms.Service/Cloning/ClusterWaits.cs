using Dms.Workflows;
using Lightbits.Api;
using Lightbits.Api.Http;
using Lightbits.Api.Model;

namespace Dms.Service.Cloning;

/// <summary>
/// Lightbits creates and deletes asynchronously (spec lightbits-api.md §3): poll until the resource
/// settles. A resource that ends Failed, or does not settle in time, fails the step.
/// </summary>
internal sealed class ClusterWaits(TimeProvider time, TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromMinutes(5);

    public async Task<Volume> VolumeAvailableAsync(ILightbitsCluster cluster, string project, string uuid, ErrorSide side, CancellationToken ct)
    {
        var volume = await PollAsync(
            () => cluster.FindVolumeAsync(project, uuid, ct),
            v => v is null || v.State is VolumeState.Available or VolumeState.Failed or VolumeState.Deleting,
            $"volume {uuid} to become Available", side, ct);
        return volume switch
        {
            null => throw WorkflowStepException.Permanent($"volume {uuid} disappeared while it was being created", side),
            { State: VolumeState.Available } => volume,
            _ => throw WorkflowStepException.Permanent($"volume {uuid} ended {volume.State} instead of Available", side),
        };
    }

    public async Task<Snapshot> SnapshotAvailableAsync(ILightbitsCluster cluster, string project, string uuid, ErrorSide side, CancellationToken ct)
    {
        var snapshot = await PollAsync(
            () => cluster.FindSnapshotAsync(project, uuid, ct),
            s => s is null || s.State is SnapshotState.Available or SnapshotState.Failed or SnapshotState.Deleting,
            $"snapshot {uuid} to become Available", side, ct);
        return snapshot is { State: SnapshotState.Available }
            ? snapshot
            : throw WorkflowStepException.Permanent($"snapshot {uuid} ended {snapshot?.State.ToString() ?? "deleted"} instead of Available", side);
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
