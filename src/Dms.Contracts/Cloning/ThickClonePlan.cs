namespace Dms.Contracts.Cloning;

/// <summary>
/// [OURS] The answer to a thick clone with <c>?dryRun=true</c>: the request passed every check a real
/// one gets (clusters, snapshot, destination name free, project, size, replicas, QoS policy) and
/// this is what it would create — every inherited field filled in — yet no workflow was started.
/// </summary>
public sealed record ThickClonePlan
{
    public bool DryRun { get; init; } = true;

    /// <summary>The workflow type a real request would start: ThickCloneVolume or ThickCloneSnapshot.</summary>
    public required string Type { get; init; }

    /// <summary>The request as DMS resolved it (src.snapId and src.snapName both set; dst sizes, replicas, policy inherited).</summary>
    public required ThickCloneRequest Request { get; init; }
}
