namespace Dms.Service.Clusters;

/// <summary>An attached cluster as DMS stores it (DESIGN §9: the registry lives in the store).</summary>
internal sealed record ClusterRecord
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public string? Version { get; init; }

    public string? SubsystemNqn { get; init; }

    public required IReadOnlyList<string> ApiEndpoints { get; init; }

    public IReadOnlyList<string> DiscoveryEndpoints { get; init; } = [];

    public IReadOnlyList<ClusterNode> Nodes { get; init; } = [];

    /// <summary>SHA-256 of the certificates seen at attach, one per server, comma-separated (trust on first use, DESIGN §8).</summary>
    public required string TlsSha256 { get; init; }

    public required DateTimeOffset AttachedAt { get; init; }

    public DateTimeOffset? RefreshedAt { get; init; }
}

/// <summary>Where a node of the cluster serves NVMe/TCP I/O (for connecting to a volume's primary node).</summary>
internal sealed record ClusterNode(string Uuid, string? Name, string? NvmeEndpoint);
