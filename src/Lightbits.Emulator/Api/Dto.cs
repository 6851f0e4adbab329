using Lightbits.Emulator.State;
using Lightbits.Emulator.Wire;

namespace Lightbits.Emulator.Api;

/// <summary>Records → the REST shapes of spec lightbits-api.md §5.</summary>
internal static class Dto
{
    public static Project ToApi(this ProjectRecord p) => new() { Uuid = p.Uuid, Name = p.Name, Description = p.Description };

    public static Credential ToApi(this CredentialRecord c) => new()
    {
        ProjectName = c.ProjectName,
        Id = c.Id,
        Type = c.Type,
        Payload = c.Payload,
        Kind = CredentialKind.UserCreds,
    };

    public static Volume ToApi(this VolumeRecord v, ClusterIdentity cluster) => new()
    {
        State = v.State,
        ProtectionState = v.State == VolumeState.Creating ? ProtectionState.Unknown : ProtectionState.FullyProtected,
        ReplicaCount = v.ReplicaCount,
        NodeList = v.NodeList,
        Uuid = v.Uuid,
        Nsid = v.Nsid,
        Acl = new StringList { Values = [.. v.Acl] },
        Compression = v.Compression ? "true" : "false",
        Size = v.Size,
        Name = v.Name,
        RebuildProgress = "None",
        IpAcl = new StringList { Values = [.. v.IpAcl] },
        ETag = v.ETag,
        ConnectedHosts = [],
        SectorSize = v.SectorSize,
        ProjectName = v.ProjectName,
        SourceSnapshotUuid = v.SourceSnapshotUuid,
        SourceSnapshotName = v.SourceSnapshotName,
        QosPolicyUuid = v.QosPolicyUuid,
        QosPolicyName = v.QosPolicyName,
        PrimaryNodeUuid = v.PrimaryNodeUuid,
        CreationTime = v.CreationTime,
        Labels = v.Labels,
        ClusterId = cluster.Uuid,
    };

    public static Snapshot ToApi(this SnapshotRecord s, ClusterIdentity cluster) => new()
    {
        State = s.State,
        Uuid = s.Uuid,
        Name = s.Name,
        Description = s.Description,
        CreationTime = s.CreationTime,
        RetentionTime = s.RetentionTime,
        SourceVolumeUuid = s.SourceVolumeUuid,
        SourceVolumeName = s.SourceVolumeName,
        ReplicaCount = s.ReplicaCount,
        NodeList = s.NodeList,
        Compression = s.Compression,
        Size = s.Size,
        SectorSize = s.SectorSize,
        ETag = s.ETag,
        ProjectName = s.ProjectName,
        PrimaryNodeUuid = s.NodeList.FirstOrDefault(),
        Labels = s.Labels,
        ClusterId = cluster.Uuid,
    };

    public static Node ToNode(this ServerRecord s) => new()
    {
        Name = s.Name + "-0",
        Uuid = s.NodeUuid,
        State = NodeState.Active,
        Status = NodeStatus.ConnectivityOK,
        NvmeEndpoint = s.NvmeEndpoint,
        FailureDomains = [s.Name],
        Hostname = s.Name,
        ServerUuid = s.Uuid,
        ETag = "1",
    };

    public static Server ToServer(this ServerRecord s, string version, bool running) => new()
    {
        Uuid = s.Uuid,
        Name = s.Name,
        NodesUuids = [s.NodeUuid],
        State = running ? ServerState.Enabled : ServerState.Failed,
        ServerEndpoints = [s.ApiEndpoint],
        ETag = "1",
        LightOSVersion = version,
        ApiEndpoints = [s.ApiEndpoint],
        Health = running ? HealthState.OK : HealthState.Error,
    };
}
