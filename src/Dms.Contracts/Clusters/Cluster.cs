namespace Dms.Contracts.Clusters;

/// <summary>An attached cluster as listed (spec §3 Cluster).</summary>
public sealed record Cluster
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public string? Version { get; init; }

    public string? SubsystemNqn { get; init; }

    public IReadOnlyList<string> ApiEndpoints { get; init; } = [];

    public IReadOnlyList<string> DiscoveryEndpoints { get; init; } = [];

    public required ClusterConnectionStatus ClusterConnectionStatus { get; init; }

    /// <summary>[OURS] How DMS trusts the cluster's API certificates: <c>first-use</c>, <c>pinned</c> or <c>ca</c>.</summary>
    public string? TlsTrust { get; init; }

    /// <summary>[OURS] <c>sha256:HEX</c> of the certificates trusted (first-use, pinned) or seen at attach (ca).</summary>
    public IReadOnlyList<string> TlsFingerprints { get; init; } = [];

    /// <summary>[OURS] The last changed-blocks self-check; absent when it never ran (or is turned off).</summary>
    public ChangedBlocksCheck? ChangedBlocksCheck { get; init; }
}

public sealed record ClusterConnectionStatus
{
    public required ConnectionStatus AccessConnectionStatus { get; init; }

    public required ConnectionStatus DataConnectionStatus { get; init; }
}

public enum ConnectionStatus
{
    Disconnected,
    Connected,
    Unauthorized,
}

public sealed record ClusterList
{
    public required IReadOnlyList<Cluster> Clusters { get; init; }
}
