using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Lightbits.Emulator.Wire;

// The snapshot messages of durosapiv2.proto (spec lightbits-api.md §5). The proto's Snapshot has
// no QoS field, so none is emitted.

/// <summary><c>Snapshot.StateEnum</c> (spec §3).</summary>
public enum SnapshotState
{
    Unknown = 0,
    Creating = 1,
    Available = 2,
    Deleting = 3,
    Deleted = 4,
    Failed = 7,
}

internal sealed record Snapshot
{
    [JsonPropertyName("state")] public SnapshotState State { get; init; }
    [JsonPropertyName("UUID")] public string? Uuid { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("creationTime")] public DateTimeOffset? CreationTime { get; init; }
    /// <summary>A google.protobuf.Duration, e.g. "3600s": a message, so null rather than "" when unset.</summary>
    [JsonPropertyName("retentionTime"), WireMessage] public string? RetentionTime { get; init; }
    [JsonPropertyName("sourceVolumeUUID")] public string? SourceVolumeUuid { get; init; }
    [JsonPropertyName("sourceVolumeName")] public string? SourceVolumeName { get; init; }
    [JsonPropertyName("replicaCount")] public uint ReplicaCount { get; init; }
    [JsonPropertyName("nodeList")] public IReadOnlyList<string>? NodeList { get; init; }
    /// <summary>Snapshots are never exported (spec §5): no namespace, no ACLs.</summary>
    [JsonPropertyName("nsid")] public uint Nsid { get; init; }
    [JsonPropertyName("acl")] public StringList? Acl { get; init; }
    /// <summary>A bool in Snapshot, unlike Volume's string.</summary>
    [JsonPropertyName("compression")] public bool Compression { get; init; }
    [JsonPropertyName("size")] public ulong Size { get; init; }
    [JsonPropertyName("IPAcl")] public StringList? IpAcl { get; init; }
    [JsonPropertyName("sectorSize")] public uint SectorSize { get; init; }
    /// <summary>Not emulated: always unset.</summary>
    [JsonPropertyName("statistics")] public JsonObject? Statistics { get; init; }
    [JsonPropertyName("ETag")] public string? ETag { get; init; }
    [JsonPropertyName("projectName")] public string? ProjectName { get; init; }
    [JsonPropertyName("primaryNodeUUID")] public string? PrimaryNodeUuid { get; init; }
    [JsonPropertyName("labels")] public IReadOnlyList<Label>? Labels { get; init; }
    [JsonPropertyName("clusterId")] public string? ClusterId { get; init; }
    /// <summary>Not emulated (one protection group): always unset.</summary>
    [JsonPropertyName("pgUUID")] public string? PgUuid { get; init; }
}

/// <summary><c>ListSnapshotsResponse</c>.</summary>
internal sealed record SnapshotList
{
    [JsonPropertyName("snapshots")] public IReadOnlyList<Snapshot>? Snapshots { get; init; }
}

internal sealed record CreateSnapshotRequest
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("sourceVolumeUUID")] public string? SourceVolumeUuid { get; init; }
    [JsonPropertyName("sourceVolumeName")] public string? SourceVolumeName { get; init; }
    [JsonPropertyName("retentionTime")] public string? RetentionTime { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("projectName")] public string? ProjectName { get; init; }
}
