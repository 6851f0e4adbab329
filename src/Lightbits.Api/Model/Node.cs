using System.Text.Json.Serialization;

namespace Lightbits.Api.Model;

/// <summary>
/// DurosNodeInfo (spec lightbits-api.md §5). Absent fields: a node without <c>UUID</c> cannot be
/// named and is skipped; <c>nvmeEndpoint</c> null = no data path through it (an error only when a
/// volume's primary is that node); <c>state</c> Unknown, <c>status</c> NoStatus, <c>readOnly</c> false;
/// lists null = empty; the rest not reported.
/// </summary>
public sealed record Node
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("UUID")] public string? Uuid { get; init; }
    [JsonPropertyName("state")] public NodeState State { get; init; }
    [JsonPropertyName("status")] public NodeStatus Status { get; init; }
    [JsonPropertyName("nvmeEndpoint")] public string? NvmeEndpoint { get; init; }
    [JsonPropertyName("failureDomains")] public IReadOnlyList<string>? FailureDomains { get; init; }
    [JsonPropertyName("hostname")] public string? Hostname { get; init; }
    [JsonPropertyName("serverUUID")] public string? ServerUuid { get; init; }
    [JsonPropertyName("ETag")] public string? ETag { get; init; }
    [JsonPropertyName("readOnly")] public bool ReadOnly { get; init; }
}

public sealed record NodeList
{
    [JsonPropertyName("nodes")] public IReadOnlyList<Node> Nodes { get; init; } = [];
}
