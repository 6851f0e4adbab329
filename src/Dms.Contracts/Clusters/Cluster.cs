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
