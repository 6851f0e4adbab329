using System.Text.Json.Serialization;

namespace Lightbits.Api.Model;

/// <summary>
/// GET /api/v2/cluster — the admin view (spec lightbits-api.md §5 ClusterInfo). Absent fields:
/// <c>UUID</c> required (a cluster is known by it); <c>subsystemNQN</c> required wherever a volume
/// is connected; <c>currentMaxReplicas</c>/<c>supportedMaxReplicas</c> 0 = not known (0 during boot,
/// spec §5), so no limit is checked; endpoint lists null = empty (servers' own lists are used);
/// versions and name null = not reported; statistics and health null, their numbers 0.
/// </summary>
public sealed record ClusterInfo
{
    [JsonPropertyName("UUID")] public string? Uuid { get; init; }
    [JsonPropertyName("subsystemNQN")] public string? SubsystemNqn { get; init; }
    [JsonPropertyName("currentMaxReplicas")] public uint CurrentMaxReplicas { get; init; }
    [JsonPropertyName("supportedMaxReplicas")] public uint SupportedMaxReplicas { get; init; }
    [JsonPropertyName("statistics")] public ClusterStatistics? Statistics { get; init; }
    [JsonPropertyName("ETag")] public string? ETag { get; init; }
    [JsonPropertyName("health")] public ClusterHealth? Health { get; init; }
    [JsonPropertyName("MinVersionInCluster")] public string? MinVersionInCluster { get; init; }
    [JsonPropertyName("MinAllowedVersion")] public string? MinAllowedVersion { get; init; }
    [JsonPropertyName("MaxAllowedVersion")] public string? MaxAllowedVersion { get; init; }
    [JsonPropertyName("apiEndpoints")] public IReadOnlyList<string>? ApiEndpoints { get; init; }
    [JsonPropertyName("discoveryEndpoints")] public IReadOnlyList<string>? DiscoveryEndpoints { get; init; }
    [JsonPropertyName("clusterName")] public string? ClusterName { get; init; }
}

public sealed record ClusterStatistics
{
    [JsonPropertyName("installedPhysicalStorage")] public ulong InstalledPhysicalStorage { get; init; }
    [JsonPropertyName("managedPhysicalStorage")] public ulong ManagedPhysicalStorage { get; init; }
    [JsonPropertyName("effectivePhysicalStorage")] public ulong EffectivePhysicalStorage { get; init; }
    [JsonPropertyName("logicalStorage")] public ulong LogicalStorage { get; init; }
    [JsonPropertyName("logicalUsedStorage")] public ulong LogicalUsedStorage { get; init; }
    [JsonPropertyName("physicalUsedStorage")] public ulong PhysicalUsedStorage { get; init; }
    [JsonPropertyName("freePhysicalStorage")] public ulong FreePhysicalStorage { get; init; }
    [JsonPropertyName("estimatedFreeLogicalStorage")] public ulong EstimatedFreeLogicalStorage { get; init; }
    [JsonPropertyName("estimatedLogicalStorage")] public ulong EstimatedLogicalStorage { get; init; }
    [JsonPropertyName("compressionRatio")] public double CompressionRatio { get; init; }
}

public sealed record ClusterHealth
{
    [JsonPropertyName("state")] public HealthState State { get; init; }
    [JsonPropertyName("numDegradedVolumes")] public uint NumDegradedVolumes { get; init; }
    [JsonPropertyName("numReadOnlyVolumes")] public uint NumReadOnlyVolumes { get; init; }
    [JsonPropertyName("numNotAvailableVolumes")] public uint NumNotAvailableVolumes { get; init; }
    [JsonPropertyName("numInactiveNodes")] public uint NumInactiveNodes { get; init; }
    [JsonPropertyName("numHealthyVolumes")] public uint NumHealthyVolumes { get; init; }
}

/// <summary>GET /api/v2/clusterinfo — the tenant view (spec lightbits-api.md §5 ClusterInfoV2); absent fields as in <see cref="ClusterInfo"/>.</summary>
public sealed record ClusterInfoV2
{
    [JsonPropertyName("UUID")] public string? Uuid { get; init; }
    [JsonPropertyName("subsystemNQN")] public string? SubsystemNqn { get; init; }
    [JsonPropertyName("currentMaxReplicas")] public uint CurrentMaxReplicas { get; init; }
    [JsonPropertyName("supportedMaxReplicas")] public uint SupportedMaxReplicas { get; init; }
    [JsonPropertyName("ETag")] public string? ETag { get; init; }
    [JsonPropertyName("apiEndpoints")] public IReadOnlyList<string>? ApiEndpoints { get; init; }
    [JsonPropertyName("discoveryEndpoints")] public IReadOnlyList<string>? DiscoveryEndpoints { get; init; }
    [JsonPropertyName("nvmeEndpoints")] public IReadOnlyList<string>? NvmeEndpoints { get; init; }
    [JsonPropertyName("clusterName")] public string? ClusterName { get; init; }
}
