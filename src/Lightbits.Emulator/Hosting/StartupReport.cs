using System.Text.Json.Serialization;

namespace Lightbits.Emulator.Hosting;

/// <summary>
/// The one JSON line lbemu prints (and writes to DIR/cluster.json) once every endpoint listens:
/// the start-up contract tests, demos and scripts rely on.
/// </summary>
public sealed record StartupReport
{
    [JsonPropertyName("clusterUuid")] public required string ClusterUuid { get; init; }
    [JsonPropertyName("clusterName")] public required string ClusterName { get; init; }
    [JsonPropertyName("subsystemNqn")] public required string SubsystemNqn { get; init; }
    [JsonPropertyName("servers")] public required IReadOnlyList<ServerReport> Servers { get; init; }
    [JsonPropertyName("systemJwtPath")] public required string SystemJwtPath { get; init; }
    [JsonPropertyName("tlsCertPath")] public required string TlsCertPath { get; init; }
    /// <summary>SHA-256 of the API certificate(s), comma-separated when servers have their own.</summary>
    [JsonPropertyName("tlsCertSha256")] public required string TlsCertSha256 { get; init; }
    [JsonPropertyName("dataDir")] public required string DataDir { get; init; }
    [JsonPropertyName("pid")] public int Pid { get; init; }
}

public sealed record ServerReport
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("uuid")] public required string Uuid { get; init; }
    [JsonPropertyName("nodeUuid")] public required string NodeUuid { get; init; }
    [JsonPropertyName("apiEndpoint")] public required string ApiEndpoint { get; init; }
    [JsonPropertyName("discoveryEndpoint")] public required string DiscoveryEndpoint { get; init; }
    [JsonPropertyName("nvmeEndpoint")] public required string NvmeEndpoint { get; init; }
}
