using System.Text.Json.Serialization;

namespace Lightbits.Api.Model;

/// <summary>
/// Volume (spec lightbits-api.md §5). <c>compression</c> is a string here, unlike Snapshot.
/// Any field may be absent (<see cref="RequiredField"/>); what absence means, field by field:
/// <list type="bullet">
/// <item><c>state</c>, <c>protectionState</c>: Unknown — not settled, so waits keep polling.</item>
/// <item><c>replicaCount</c>, <c>rebuildProgress</c>, <c>statistics</c>, <c>connectedHosts</c>: not reported; shown, never relied on.</item>
/// <item><c>UUID</c>, <c>nsid</c>, <c>size</c>: required wherever used — no volume has none, and NSID 0 is no namespace.</item>
/// <item><c>sectorSize</c>: the Lightbits default, 4096 (the proto's <c>sectorSize_Default</c>; see <see cref="SectorSizeOrDefault"/>).</item>
/// <item><c>compression</c>: "" — not compressed, as "false".</item>
/// <item><c>acl</c>, <c>IPAcl</c>: null — not reported (updates replace them whole).</item>
/// <item><c>nodeList</c>, <c>labels</c>: null — empty (so a volume without labels is never DMS's).</item>
/// <item><c>primaryNodeUUID</c>: null — no primary right now; the data path waits for one.</item>
/// <item><c>ETag</c>: null or "" — no If-Match is sent.</item>
/// <item><c>sourceSnapshotUUID</c>/<c>Name</c>, <c>qosPolicy…</c>, <c>creationTime</c>, <c>clusterId</c>, <c>projectName</c>: not a clone / not reported.</item>
/// </list>
/// </summary>
public sealed record Volume
{
    /// <summary>What <c>sectorSize</c> 0 (or absent) means: the default of spec lightbits-api.md §10.</summary>
    public const uint DefaultSectorSize = 4096;

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

    [JsonIgnore]
    public uint SectorSizeOrDefault => SectorSize == 0 ? DefaultSectorSize : SectorSize;
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
