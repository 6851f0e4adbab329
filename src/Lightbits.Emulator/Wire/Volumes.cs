using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Lightbits.Emulator.Wire;

// The volume messages of durosapiv2.proto (spec lightbits-api.md §5), field names verbatim.

/// <summary><c>Volume.StateEnum</c> (spec §3).</summary>
public enum VolumeState
{
    Unknown = 0,
    Creating = 1,
    Available = 2,
    Deleting = 3,
    Deleted = 4,
    Failed = 7,
    Updating = 8,
    Rollback = 9,
    Migrating = 10,
}

/// <summary><c>Volume.ProtectionStateEnum</c> (spec §3).</summary>
public enum ProtectionState
{
    Unknown = 0,
    FullyProtected = 1,
    Degraded = 2,
    ReadOnly = 3,
    NotAvailable = 4,
}

/// <summary>The request's <c>SectorSizeEnum</c>: proto3 JSON takes its name or its number.</summary>
public enum SectorSizeChoice
{
    sectorSize_Default = 0,
    sectorSize_512B = 512,
    sectorSize_4K = 4096,
}

/// <summary><c>StringList</c>: the ACL and IP-ACL wrapper.</summary>
public sealed record StringList
{
    public const string AllowAny = "ALLOW_ANY";
    public const string AllowNone = "ALLOW_NONE";

    [JsonPropertyName("values")] public IReadOnlyList<string>? Values { get; init; }
}

/// <summary><c>Label</c> (labels.proto). Also what state.json keeps, under the same names.</summary>
public sealed record Label
{
    [JsonPropertyName("key")] public string? Key { get; init; }
    [JsonPropertyName("value")] public string? Value { get; init; }
}

internal sealed record Volume
{
    [JsonPropertyName("state")] public VolumeState State { get; init; }
    [JsonPropertyName("protectionState")] public ProtectionState ProtectionState { get; init; }
    [JsonPropertyName("replicaCount")] public uint ReplicaCount { get; init; }
    [JsonPropertyName("nodeList")] public IReadOnlyList<string>? NodeList { get; init; }
    [JsonPropertyName("UUID")] public string? Uuid { get; init; }
    [JsonPropertyName("nsid")] public uint Nsid { get; init; }
    [JsonPropertyName("acl")] public StringList? Acl { get; init; }
    /// <summary>A string in Volume ("true"/"false"), unlike Snapshot's bool.</summary>
    [JsonPropertyName("compression")] public string? Compression { get; init; }
    [JsonPropertyName("size")] public ulong Size { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("rebuildProgress")] public string? RebuildProgress { get; init; }
    /// <summary>Not emulated: always unset.</summary>
    [JsonPropertyName("statistics")] public JsonObject? Statistics { get; init; }
    [JsonPropertyName("IPAcl")] public StringList? IpAcl { get; init; }
    [JsonPropertyName("ETag")] public string? ETag { get; init; }
    [JsonPropertyName("connectedHosts")] public IReadOnlyList<string>? ConnectedHosts { get; init; }
    [JsonPropertyName("sectorSize")] public uint SectorSize { get; init; }
    [JsonPropertyName("projectName")] public string? ProjectName { get; init; }
    [JsonPropertyName("sourceSnapshotUUID")] public string? SourceSnapshotUuid { get; init; }
    [JsonPropertyName("sourceSnapshotName")] public string? SourceSnapshotName { get; init; }
    /// <summary>Not emulated: always unset.</summary>
    [JsonPropertyName("placementRestrictions")] public IReadOnlyList<JsonObject>? PlacementRestrictions { get; init; }
    [JsonPropertyName("qosPolicyUUID")] public string? QosPolicyUuid { get; init; }
    [JsonPropertyName("qosPolicyName")] public string? QosPolicyName { get; init; }
    [JsonPropertyName("primaryNodeUUID")] public string? PrimaryNodeUuid { get; init; }
    [JsonPropertyName("creationTime")] public DateTimeOffset? CreationTime { get; init; }
    [JsonPropertyName("labels")] public IReadOnlyList<Label>? Labels { get; init; }
    [JsonPropertyName("clusterId")] public string? ClusterId { get; init; }
    /// <summary>Not emulated (one protection group): always unset.</summary>
    [JsonPropertyName("pgUUID")] public string? PgUuid { get; init; }
}

/// <summary><c>ListVolumesResponse</c>.</summary>
internal sealed record VolumeList
{
    [JsonPropertyName("volumes")] public IReadOnlyList<Volume>? Volumes { get; init; }
}

/// <summary>
/// <c>CreateVolumeRequest</c>. Every field nullable: proto3 JSON reads an explicit <c>null</c> as
/// "not given", which is what Cinder sends for the fields it does not use.
/// </summary>
internal sealed record CreateVolumeRequest
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("size")] public string? Size { get; init; }
    [JsonPropertyName("acl")] public StringList? Acl { get; init; }
    [JsonPropertyName("compression")] public string? Compression { get; init; }
    [JsonPropertyName("replicaCount")] public uint? ReplicaCount { get; init; }
    [JsonPropertyName("IPAcl")] public StringList? IpAcl { get; init; }
    [JsonPropertyName("minReplicas")] public uint? MinReplicas { get; init; }
    [JsonPropertyName("sectorSize")] public SectorSizeChoice? SectorSize { get; init; }
    [JsonPropertyName("projectName")] public string? ProjectName { get; init; }
    [JsonPropertyName("sourceSnapshotUUID")] public string? SourceSnapshotUuid { get; init; }
    [JsonPropertyName("sourceSnapshotName")] public string? SourceSnapshotName { get; init; }
    [JsonPropertyName("qosPolicyUUID")] public string? QosPolicyUuid { get; init; }
    [JsonPropertyName("qosPolicyName")] public string? QosPolicyName { get; init; }
    [JsonPropertyName("labels")] public IReadOnlyList<Label>? Labels { get; init; }
}

/// <summary><c>UpdateVolumeRequest</c>: <c>UUID</c> and <c>name</c> may repeat the path's volume; the path wins.</summary>
internal sealed record UpdateVolumeRequest
{
    [JsonPropertyName("UUID")] public string? Uuid { get; init; }
    [JsonPropertyName("acl")] public StringList? Acl { get; init; }
    [JsonPropertyName("IPAcl")] public StringList? IpAcl { get; init; }
    [JsonPropertyName("size")] public string? Size { get; init; }
    [JsonPropertyName("compression")] public string? Compression { get; init; }
    [JsonPropertyName("projectName")] public string? ProjectName { get; init; }
    [JsonPropertyName("qosPolicyUUID")] public string? QosPolicyUuid { get; init; }
    [JsonPropertyName("qosPolicyName")] public string? QosPolicyName { get; init; }
    [JsonPropertyName("Force")] public bool? Force { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("labels")] public IReadOnlyList<Label>? Labels { get; init; }
    [JsonPropertyName("newName")] public string? NewName { get; init; }
}
