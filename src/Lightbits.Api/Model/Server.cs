using System.Text.Json.Serialization;

namespace Lightbits.Api.Model;

/// <summary>
/// Server (spec lightbits-api.md §5); note the proto's capitalised field names. Absent fields:
/// <c>LightOSVersion</c> null or "" = not reported (the cluster's minimum is used instead); lists
/// null = empty; <c>state</c> UnknownState, <c>health</c> None, <c>IsWitness</c> false.
/// </summary>
public sealed record Server
{
    [JsonPropertyName("UUID")] public string? Uuid { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("NodesUUIDs")] public IReadOnlyList<string>? NodesUuids { get; init; }
    [JsonPropertyName("state")] public ServerState State { get; init; }
    [JsonPropertyName("ServerEndpoints")] public IReadOnlyList<string>? ServerEndpoints { get; init; }
    [JsonPropertyName("ETag")] public string? ETag { get; init; }
    [JsonPropertyName("LightOSVersion")] public string? LightOSVersion { get; init; }
    [JsonPropertyName("ApiEndpoints")] public IReadOnlyList<string>? ApiEndpoints { get; init; }
    [JsonPropertyName("IsWitness")] public bool IsWitness { get; init; }
    [JsonPropertyName("health")] public HealthState Health { get; init; }
}

public sealed record ServerList
{
    [JsonPropertyName("servers")] public IReadOnlyList<Server> Servers { get; init; } = [];
}
