using Dms.Service.Clusters;
using Dms.Workflows;
using Lightbits.Api;
using Microsoft.Extensions.Logging;

namespace Dms.Service.Cloning;

/// <summary>What the thick-clone steps share: cluster clients, the data path, throttles and checksums.</summary>
internal sealed class CloneServices(
    ClusterConnections connections,
    HostNqn hostNqn,
    CloneOptions options,
    CopyThrottles throttles,
    ChecksumCache checksums,
    Api.ServiceMetrics metrics,
    TimeProvider time,
    ILogger<CloneServices> logger)
{
    public HostNqn HostNqn => hostNqn;
    public CloneOptions Options => options;
    public CopyThrottles Throttles => throttles;
    public ChecksumCache Checksums => checksums;
    public Api.ServiceMetrics Metrics => metrics;
    public TimeProvider Time => time;
    public ILogger Logger => logger;
    public OwnedResources Owned { get; } = new(new ClusterWaits(time));
    public ClusterWaits Waits => Owned.Waits;
    public VolumeDataPath DataPath { get; } = new(hostNqn, options);

    /// <summary>The attached cluster's client; a cluster detached mid-workflow is a permanent failure.</summary>
    public async Task<ILightbitsCluster> ClusterAsync(string clusterId, ErrorSide side, CancellationToken ct) =>
        await connections.FindAsync(clusterId, ct)
        ?? throw WorkflowStepException.Permanent($"cluster {clusterId} is no longer attached", side);
}
