using System.Text.Json.Serialization;

namespace Lightbits.Api.Model;

/// <summary>Volume (spec lightbits-api.md §5). <c>compression</c> is a string here, unlike Snapshot.</summary>
public sealed record Volume
{
    [JsonPropertyName("state")] public VolumeState State { get; init; }
    [JsonPropertyName("protectionState")] public ProtectionState ProtectionState { get; init; }
    [JsonPropertyName("replicaCount")] public uint ReplicaCount { get; init; }
    [JsonPropertyName("nodeList")] public IReadOnlyList<string>? NodeList { get; init; }
    [JsonPropertyName("UUID")] public string? Uuid { get; init; }
    [JsonPropertyName("nsid")] public uint Nsid { get; init; }
    [JsonPropertyName("acl")] public StringList? Acl { get; init; }
    [JsonPropertyName("compression")] public string? Compression { get; init; }
    [JsonPropertyName("size")] public ulong Size { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("rebuildProgress")] public string? RebuildProgress { get; init; }
    [JsonPropertyName("statistics")] public VolumeStatistics? Statistics { get; init; }
    [JsonPropertyName("IPAcl")] public StringList? IpAcl { get; init; }
    [JsonPropertyName("ETag")] public string? ETag { get; init; }
    [JsonPropertyName("connectedHosts")] public IReadOnlyList<string>? ConnectedHosts { get; init; }
    [JsonPropertyName("sectorSize")] public uint SectorSize { get; init; }
    [JsonPropertyName("projectName")] public string? ProjectName { get; init; }
    [JsonPropertyName("sourceSnapshotUUID")] public string? SourceSnapshotUuid { get; init; }
    [JsonPropertyName("sourceSnapshotName")] public string? SourceSnapshotName { get; init; }
    [JsonPropertyName("qosPolicyUUID")] public string? QosPolicyUuid { get; init; }
    [JsonPropertyName("qosPolicyName")] public string? QosPolicyName { get; init; }
    [JsonPropertyName("primaryNodeUUID")] public string? PrimaryNodeUuid { get; init; }
    [JsonPropertyName("creationTime")] public DateTimeOffset? CreationTime { get; init; }
    [JsonPropertyName("labels")] public IReadOnlyList<Label>? Labels { get; init; }
    [JsonPropertyName("clusterId")] public string? ClusterId { get; init; }

    [JsonIgnore]
    public bool IsCompressed => string.Equals(Compression, "true", StringComparison.OrdinalIgnoreCase);
}

public sealed record VolumeStatistics
{
    [JsonPropertyName("logicalUsedStorage")] public ulong LogicalUsedStorage { get; init; }
    [JsonPropertyName("physicalUsedStorage")] public ulong PhysicalUsedStorage { get; init; }
    [JsonPropertyName("compressionRatio")] public double CompressionRatio { get; init; }
    [JsonPropertyName("physicalCapacity")] public ulong PhysicalCapacity { get; init; }
    [JsonPropertyName("userWritten")] public ulong UserWritten { get; init; }
}

public sealed record Label
{
    [JsonPropertyName("key")] public string? Key { get; init; }
    [JsonPropertyName("value")] public string? Value { get; init; }
}

public sealed record VolumeList
{
    [JsonPropertyName("volumes")] public IReadOnlyList<Volume> Volumes { get; init; } = [];
}

/// <summary>CreateVolumeRequest (spec lightbits-api.md §5): <c>size</c> is a string such as "4 gib".</summary>
public sealed record CreateVolumeRequest
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("size")] public string? Size { get; init; }
    [JsonPropertyName("acl")] public StringList? Acl { get; init; }
    [JsonPropertyName("IPAcl")] public StringList? IpAcl { get; init; }
    [JsonPropertyName("replicaCount")] public uint? ReplicaCount { get; init; }
    [JsonPropertyName("compression")] public string? Compression { get; init; }
    [JsonPropertyName("projectName")] public string? ProjectName { get; init; }
    [JsonPropertyName("sectorSize"), JsonConverter(typeof(SectorSizeConverter))] public uint? SectorSize { get; init; }
    [JsonPropertyName("sourceSnapshotUUID")] public string? SourceSnapshotUuid { get; init; }
    [JsonPropertyName("sourceSnapshotName")] public string? SourceSnapshotName { get; init; }
    [JsonPropertyName("qosPolicyUUID")] public string? QosPolicyUuid { get; init; }
    [JsonPropertyName("qosPolicyName")] public string? QosPolicyName { get; init; }
    [JsonPropertyName("labels")] public IReadOnlyList<Label>? Labels { get; init; }
}

/// <summary>UpdateVolumeRequest (PUT; whole-list ACL replacement, sent with If-Match).</summary>
public sealed record UpdateVolumeRequest
{
    [JsonPropertyName("acl")] public StringList? Acl { get; init; }
    [JsonPropertyName("IPAcl")] public StringList? IpAcl { get; init; }
    [JsonPropertyName("size")] public string? Size { get; init; }
    [JsonPropertyName("compression")] public string? Compression { get; init; }
    [JsonPropertyName("projectName")] public string? ProjectName { get; init; }
    [JsonPropertyName("qosPolicyUUID")] public string? QosPolicyUuid { get; init; }
    [JsonPropertyName("qosPolicyName")] public string? QosPolicyName { get; init; }
    [JsonPropertyName("Force")] public bool? Force { get; init; }
    [JsonPropertyName("labels")] public IReadOnlyList<Label>? Labels { get; init; }
    [JsonPropertyName("newName")] public string? NewName { get; init; }
}
