namespace Dms.Contracts.Clusters;

/// <summary>
/// [OURS] One snapshot of an attached cluster as a thick clone may name it (<c>src.snapId</c> or
/// <c>src.snapName</c>): what dmscli completes <c>--src-snap-name</c> from.
/// </summary>
public sealed record ClusterSnapshot
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The cluster's state name (Available, Creating, …): only Available ones can be cloned.</summary>
    public required string State { get; init; }

    public string? SourceVolumeName { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }
}

/// <summary>[OURS] <c>GET /api/v1/clusters/{clusterId}/snapshots?projectName=</c>.</summary>
public sealed record ClusterSnapshotList
{
    public required IReadOnlyList<ClusterSnapshot> Snapshots { get; init; }
}
