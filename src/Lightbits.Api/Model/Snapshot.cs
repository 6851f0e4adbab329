using System.Text.Json.Serialization;

namespace Lightbits.Api.Model;

/// <summary>
/// Snapshot (spec lightbits-api.md §5). <c>compression</c> is a bool here, unlike Volume.
/// Absent fields (<see cref="RequiredField"/>): <c>state</c> Unknown (not settled); <c>UUID</c>,
/// <c>size</c> and <c>replicaCount</c> required wherever used (a snapshot has at least one replica
/// and a size); <c>sectorSize</c> the default 4096 (<see cref="SectorSizeOrDefault"/>);
/// <c>compression</c> false; <c>labels</c> and <c>nodeList</c> null = empty; <c>ETag</c> null or ""
/// = no If-Match; the rest not reported.
/// </summary>
public sealed record Snapshot
{
    [JsonPropertyName("state")] public SnapshotState State { get; init; }
    [JsonPropertyName("UUID")] public string? Uuid { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("creationTime")] public DateTimeOffset? CreationTime { get; init; }
    [JsonPropertyName("retentionTime")] public string? RetentionTime { get; init; }
    [JsonPropertyName("sourceVolumeUUID")] public string? SourceVolumeUuid { get; init; }
    [JsonPropertyName("sourceVolumeName")] public string? SourceVolumeName { get; init; }
    [JsonPropertyName("replicaCount")] public uint ReplicaCount { get; init; }
    [JsonPropertyName("nodeList")] public IReadOnlyList<string>? NodeList { get; init; }
    [JsonPropertyName("nsid")] public uint Nsid { get; init; }
    [JsonPropertyName("acl")] public StringList? Acl { get; init; }
    [JsonPropertyName("compression")] public bool Compression { get; init; }
    [JsonPropertyName("size")] public ulong Size { get; init; }
    [JsonPropertyName("IPAcl")] public StringList? IpAcl { get; init; }
    [JsonPropertyName("sectorSize")] public uint SectorSize { get; init; }
    [JsonPropertyName("ETag")] public string? ETag { get; init; }
    [JsonPropertyName("projectName")] public string? ProjectName { get; init; }
    [JsonPropertyName("primaryNodeUUID")] public string? PrimaryNodeUuid { get; init; }
    [JsonPropertyName("labels")] public IReadOnlyList<Label>? Labels { get; init; }

    [JsonIgnore]
    public uint SectorSizeOrDefault => SectorSize == 0 ? Volume.DefaultSectorSize : SectorSize;

    [JsonPropertyName("clusterId")] public string? ClusterId { get; init; }
}

public sealed record SnapshotList
{
    [JsonPropertyName("snapshots")] public IReadOnlyList<Snapshot> Snapshots { get; init; } = [];
}

public sealed record CreateSnapshotRequest
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("projectName")] public string? ProjectName { get; init; }
    [JsonPropertyName("sourceVolumeUUID")] public string? SourceVolumeUuid { get; init; }
    [JsonPropertyName("sourceVolumeName")] public string? SourceVolumeName { get; init; }
    [JsonPropertyName("retentionTime")] public string? RetentionTime { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
}

/// <summary>
/// The body of a failed call: grpc-gateway's error shape (spec lightbits-api.md §2). <c>code</c> is
/// the gRPC status code; absent (0) when the body is not grpc-gateway's, and then only the HTTP
/// status is known.
/// </summary>
public sealed record ErrorBody
{
    [JsonPropertyName("code")] public int Code { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
    [JsonPropertyName("details")] public IReadOnlyList<object>? Details { get; init; }
}
