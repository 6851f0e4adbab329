using Lightbits.Emulator.Wire;

namespace Lightbits.Emulator.State;

// What the emulator persists, in its own shape (the REST shape is produced by Dto.cs).

public sealed class ServerRecord
{
    public required string Name { get; init; }
    public required string Uuid { get; init; }
    public required string NodeUuid { get; init; }
    public required string ApiEndpoint { get; set; }
    public required string DiscoveryEndpoint { get; set; }
    public required string NvmeEndpoint { get; set; }
}

public sealed class ClusterIdentity
{
    public required string Uuid { get; init; }
    public required string Name { get; init; }
    public required string SubsystemNqn { get; init; }
    public required string Version { get; init; }
    public required List<ServerRecord> Servers { get; init; }
}

public sealed class ProjectRecord
{
    public required string Uuid { get; init; }
    public required string Name { get; init; }
    public string? Description { get; set; }
}

public sealed class CredentialRecord
{
    public required string ProjectName { get; init; }
    public required string Id { get; init; }
    public required CredentialType Type { get; init; }
    public required byte[] Payload { get; init; }
}

public sealed class VolumeRecord
{
    public required string Uuid { get; init; }
    public required string Name { get; set; }
    public required string ProjectName { get; init; }
    public required ulong Size { get; set; }
    public required uint SectorSize { get; init; }
    public required uint ReplicaCount { get; init; }
    public required bool Compression { get; set; }
    public required List<string> Acl { get; set; }
    public required List<string> IpAcl { get; set; }
    public required List<string> NodeList { get; init; }
    public required uint Nsid { get; init; }
    public VolumeState State { get; set; }
    public required string ETag { get; set; }
    public string? SourceSnapshotUuid { get; init; }
    public string? SourceSnapshotName { get; init; }
    public string? QosPolicyUuid { get; set; }
    public string? QosPolicyName { get; set; }
    public List<Label> Labels { get; set; } = [];
    public DateTimeOffset CreationTime { get; init; }
    public string PrimaryNodeUuid => NodeList[0];
}

public sealed class SnapshotRecord
{
    public required string Uuid { get; init; }
    public required string Name { get; init; }
    public required string ProjectName { get; init; }
    public string? Description { get; init; }
    public required string SourceVolumeUuid { get; init; }
    public required string SourceVolumeName { get; init; }
    public required ulong Size { get; init; }
    public required uint SectorSize { get; init; }
    public required uint ReplicaCount { get; init; }
    public required bool Compression { get; init; }
    public required List<string> NodeList { get; init; }
    public SnapshotState State { get; set; }
    public required string ETag { get; set; }
    public string? RetentionTime { get; init; }
    public List<Label> Labels { get; init; } = [];
    public DateTimeOffset CreationTime { get; init; }
}

/// <summary>Everything in state.json.</summary>
public sealed class PersistedState
{
    public required ClusterIdentity Identity { get; init; }
    public List<ProjectRecord> Projects { get; init; } = [];
    public List<CredentialRecord> Credentials { get; init; } = [];
    public List<VolumeRecord> Volumes { get; init; } = [];
    public List<SnapshotRecord> Snapshots { get; init; } = [];
    public List<PolicyRecord> Policies { get; init; } = [];
    public long ETagCounter { get; set; }
}
