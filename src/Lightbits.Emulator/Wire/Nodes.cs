using System.Text.Json.Serialization;

namespace Lightbits.Emulator.Wire;

// DurosNodeInfo of durosapiv2.proto (spec lightbits-api.md §5).

/// <summary><c>DurosNodeInfo.State</c>.</summary>
internal enum NodeState
{
    Unknown = 0,
    Active = 1,
    Activating = 2,
    Inactive = 3,
    Unattached = 4,
    Attaching = 6,
    Detaching = 7,
}

/// <summary><c>DurosNodeInfo.StatusEnum</c>.</summary>
internal enum NodeStatus
{
    NoStatus = 0,
    ConnectivityOK = 1,
    ConnectivityProblem = 2,
    IssuedDeletePeer = 3,
}

internal sealed record Node
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
}

internal sealed record NodeList
{
    [JsonPropertyName("nodes")] public IReadOnlyList<Node>? Nodes { get; init; }
}
