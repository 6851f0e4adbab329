using Dms.Contracts.Clusters;

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

    /// <summary>SHA-256 of the certificates trusted (first-use, pinned) or seen (ca) at attach, comma-separated (<see cref="ClusterTls"/>).</summary>
    public required string TlsSha256 { get; init; }

    /// <summary>How the certificates are trusted; records from before trust modes existed were first use.</summary>
    public string TlsTrust { get; init; } = ClusterTls.FirstUse;

    /// <summary>The CA given at attach, for <c>ca</c> trust; null means the system store.</summary>
    public string? TlsCaPem { get; init; }

    public required DateTimeOffset AttachedAt { get; init; }

    public DateTimeOffset? RefreshedAt { get; init; }

    /// <summary>The last changed-blocks self-check; null in records from before it existed, or while it is turned off.</summary>
    public ChangedBlocksCheck? ChangedBlocksCheck { get; init; }

    public ClusterTls Tls() => new(TlsTrust, TlsSha256.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), TlsCaPem);

    public ClusterRecord WithTls(ClusterTls tls) => this with { TlsTrust = tls.Trust, TlsSha256 = string.Join(',', tls.Fingerprints), TlsCaPem = tls.CaPem };
}

/// <summary>Where a node of the cluster serves NVMe/TCP I/O (for connecting to a volume's primary node).</summary>
internal sealed record ClusterNode(string Uuid, string? Name, string? NvmeEndpoint);
