using System.Text.Json.Serialization;

namespace Lightbits.Emulator.Wire;

// The policies API's shapes as durosapiv2.proto names them (messages Policy, QoSRateLimitPolicy,
// ListPoliciesResponse, CreatePolicyRequest); what is settled and what is guessed is in
// docs/lightbits-assumptions.md "QoS policies". Enums travel as their names.

internal sealed record PolicyWire
{
    [JsonPropertyName("UUID")] public string? Uuid { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    /// <summary>Policy.State: Unknown, Creating, Active, Updating, Deprecated, Failed.</summary>
    [JsonPropertyName("state")] public string? State { get; init; }
    // The oneof member of Policy is spelled with a capital Q, unlike CreatePolicyRequest's.
    [JsonPropertyName("QoSRateLimitPolicy")] public QosRateLimitPolicyWire? QosRateLimitPolicy { get; init; }
}

internal sealed record QosRateLimitPolicyWire
{
    [JsonPropertyName("projectsNamesScope")] public IReadOnlyList<string>? ProjectsNamesScope { get; init; }
    /// <summary>PolicyVisibility: Unavailable, Scoped, Global.</summary>
    [JsonPropertyName("policyVisibility")] public string? PolicyVisibility { get; init; }
    [JsonPropertyName("limitIOPS")] public QosLimitIopsWire? LimitIops { get; init; }
    [JsonPropertyName("limitBw")] public QosLimitBandwidthWire? LimitBandwidth { get; init; }
    [JsonPropertyName("limitIOPSPerGB")] public QosLimitIopsPerGbWire? LimitIopsPerGb { get; init; }
}

internal sealed record QosLimitIopsWire
{
    [JsonPropertyName("writeIOPSLimit")] public uint? WriteIopsLimit { get; init; }
    [JsonPropertyName("readIOPSLimit")] public uint? ReadIopsLimit { get; init; }
}

internal sealed record QosLimitBandwidthWire
{
    [JsonPropertyName("writeBWLimit")] public uint? WriteBwLimit { get; init; }
    [JsonPropertyName("readBWLimit")] public uint? ReadBwLimit { get; init; }
}

internal sealed record QosLimitIopsPerGbWire
{
    [JsonPropertyName("writeIOPSPerGBLimit")] public uint? WriteIopsPerGbLimit { get; init; }
    [JsonPropertyName("readIOPSPerGBLimit")] public uint? ReadIopsPerGbLimit { get; init; }
}

internal sealed record PolicyListWire
{
    [JsonPropertyName("policies")] public IReadOnlyList<PolicyWire> Policies { get; init; } = [];
}

internal sealed record CreatePolicyRequestWire
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("qoSRateLimitPolicy")] public QosRateLimitPolicyWire? QosRateLimitPolicy { get; init; }
}
