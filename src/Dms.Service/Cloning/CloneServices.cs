using Dms.Cloning;
using Dms.Cloning.Planning;
using Dms.Cloning.Throttling;
using Dms.Service.Clusters;
using Dms.Service.Telemetry;
using Dms.Workflows;
using Lightbits.Api;
using Microsoft.Extensions.Logging;

namespace Dms.Service.Cloning;

/// <summary>What the thick-clone steps share: cluster clients, the data path, and the copy engine's throttles, sessions and metrics.</summary>
internal sealed class CloneServices(
    ClusterRegistry registry,
    ClusterConnections connections,
    HostNqn hostNqn,
    CloneOptions options,
    CopyThrottles throttles,
    CopySessions sessions,
    CopyMetrics metrics,
    TimeProvider time,
    ILogger<CloneServices> logger)
{
    public HostNqn HostNqn => hostNqn;
    public CloneOptions Options => options;
    public CopyThrottles Throttles => throttles;
    public CopySessions Sessions => sessions;
    public CopyMetrics Metrics => metrics;
    public ILogger Logger => logger;
    public OwnedResources Owned { get; } = new(new ClusterWaits(time));
    public ClusterWaits Waits => Owned.Waits;
    public VolumeDataPath DataPath { get; } = new(hostNqn, options);

    /// <summary>The attached cluster's client; a cluster detached mid-workflow is a permanent failure.</summary>
    public async Task<ILightbitsCluster> ClusterAsync(string clusterId, ErrorSide side, CancellationToken ct) =>
        await connections.FindAsync(clusterId, ct)
        ?? throw WorkflowStepException.Permanent($"cluster {clusterId} is no longer attached", side);

    /// <summary>
    /// The workflow's copy session: kept from the copy step for the verify step, opened (and planned)
    /// again only when this instance has none (a restart, or a step retried after a failure).
    /// </summary>
    public Task<CopySession> CopySessionAsync(CloneJob job, CancellationToken ct) =>
        sessions.GetOrOpenAsync(job.WorkflowId, c => OpenCopySessionAsync(job, c), ct);

    private async Task<CopySession> OpenCopySessionAsync(CloneJob job, CancellationToken ct)
    {
        var source = await ClusterAsync(job.SourceCluster, ErrorSide.SourceCluster, ct);
        var destination = await ClusterAsync(job.DestinationCluster, ErrorSide.DestinationCluster, ct);
        var reader = await DataPath.OpenAsync(source, job.SourceProject, job.SourceVolumeName, ErrorSide.SourceCluster, ct);
        NvmeVolume? writer = null;
        try
        {
            writer = await DataPath.OpenAsync(destination, job.DestinationProject, job.DestinationVolumeName, ErrorSide.DestinationCluster, ct);
            if (writer.Capacity < reader.Capacity)
            {
                throw WorkflowStepException.Permanent($"destination volume is {writer.Capacity} bytes, smaller than the source's {reader.Capacity}", ErrorSide.DestinationCluster);
            }
            var geometry = new PlanGeometry(reader.Capacity, reader.SectorSize, writer.SectorSize, options.Copy.IoSize);
            var distrust = await ChangedBlocksTrust.FullScanReasonAsync(await registry.FindAsync(job.SourceCluster, ct), source, job, ct);
            var plan = distrust is null ? await CopyPlanner.PlanAsync(AllocatedBlocks.ListAsync(source, job, ct), geometry, ct) : CopyPlanner.FullScan(geometry);
            if (plan.IsFullScan)
            {
                logger.LogWarning("workflow {WorkflowId}: {Reason}; scanning the whole volume, skipping zeros", job.WorkflowId,
                    distrust ?? "the source cluster cannot list changed blocks");
            }
            return new CopySession(reader, writer, plan);
        }
        catch
        {
            await reader.DisposeAsync();
            if (writer is not null)
            {
                await writer.DisposeAsync();
            }
            throw;
        }
    }
}
