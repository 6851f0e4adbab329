using System.Text.Json.Serialization;

namespace Lightbits.Emulator.Wire;

// GET /api/v2/version, /cluster and /clusterinfo (spec lightbits-api.md §5).

/// <summary><c>ClusterHealth.State</c>, also a server's <c>health</c>.</summary>
internal enum HealthState
{
    None = 0,
    OK = 1,
    Warning = 2,
    Error = 3,
}

internal sealed record ApiVersion
{
    [JsonPropertyName("apiVersion")] public string? Version { get; init; }
}

internal sealed record ClusterHealth
{
    [JsonPropertyName("state")] public HealthState State { get; init; }
    [JsonPropertyName("numDegradedVolumes")] public uint NumDegradedVolumes { get; init; }
    [JsonPropertyName("numReadOnlyVolumes")] public uint NumReadOnlyVolumes { get; init; }
    [JsonPropertyName("numNotAvailableVolumes")] public uint NumNotAvailableVolumes { get; init; }
    [JsonPropertyName("numInactiveNodes")] public uint NumInactiveNodes { get; init; }
    [JsonPropertyName("numHealthyVolumes")] public uint NumHealthyVolumes { get; init; }
}

/// <summary><c>ClusterStatisticsApi</c>: bytes as uint64, so JSON strings.</summary>
public sealed record ClusterStatistics
{
    [JsonPropertyName("installedPhysicalStorage")] public ulong InstalledPhysicalStorage { get; init; }
    [JsonPropertyName("managedPhysicalStorage")] public ulong ManagedPhysicalStorage { get; init; }
    [JsonPropertyName("effectivePhysicalStorage")] public ulong EffectivePhysicalStorage { get; init; }
    [JsonPropertyName("logicalStorage")] public ulong LogicalStorage { get; init; }
    [JsonPropertyName("logicalUsedStorage")] public ulong LogicalUsedStorage { get; init; }
    [JsonPropertyName("physicalUsedStorage")] public ulong PhysicalUsedStorage { get; init; }
    [JsonPropertyName("physicalUsedStorageIncludingParity")] public ulong PhysicalUsedStorageIncludingParity { get; init; }
    [JsonPropertyName("freePhysicalStorage")] public ulong FreePhysicalStorage { get; init; }
    [JsonPropertyName("estimatedFreeLogicalStorage")] public ulong EstimatedFreeLogicalStorage { get; init; }
    [JsonPropertyName("estimatedLogicalStorage")] public ulong EstimatedLogicalStorage { get; init; }
    [JsonPropertyName("compressionRatio")] public double CompressionRatio { get; init; }
}

/// <summary><c>ClusterInfo</c>: the cluster admin's view.</summary>
internal sealed record ClusterInfo
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

/// <summary><c>ClusterInfoV2</c>: the tenant's view (no statistics, but the NVMe endpoints).</summary>
internal sealed record ClusterInfoV2
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
