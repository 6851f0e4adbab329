using System.Text.Json.Serialization;

namespace Lightbits.Emulator.Wire;

// Server of durosapiv2.proto (spec lightbits-api.md §5): its odd capitalisation is the proto's.

/// <summary><c>Server.ServerStateEnum</c>.</summary>
internal enum ServerState
{
    UnknownState = 0,
    Creating = 1,
    Enabled = 2,
    Deleting = 3,
    Failed = 4,
    Disabled = 5,
    Enabling = 6,
    Disabling = 7,
}

internal sealed record Server
{
    [JsonPropertyName("UUID")] public string? Uuid { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("NodesUUIDs")] public IReadOnlyList<string>? NodesUuids { get; init; }
    [JsonPropertyName("state")] public ServerState State { get; init; }
    [JsonPropertyName("ServerEndpoints")] public IReadOnlyList<string>? ServerEndpoints { get; init; }
    [JsonPropertyName("ETag")] public string? ETag { get; init; }
    [JsonPropertyName("LightOSVersion")] public string? LightOSVersion { get; init; }
    [JsonPropertyName("ApiEndpoints")] public IReadOnlyList<string>? ApiEndpoints { get; init; }
    [JsonPropertyName("health")] public HealthState Health { get; init; }
}

internal sealed record ServerList
{
    [JsonPropertyName("servers")] public IReadOnlyList<Server>? Servers { get; init; }
}
