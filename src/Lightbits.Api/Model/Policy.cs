using System.Text.Json.Serialization;

namespace Lightbits.Api.Model;

// The policies API (durosapiv2.proto: Policy, QoSRateLimitPolicy, ListPoliciesResponse,
// CreatePolicyRequest; docs/lightbits-assumptions.md "QoS policies"). Only QoS rate-limit
// policies exist in it so far; the proto has no separate "type" field.

public sealed record Policy
{
    [JsonPropertyName("UUID")] public string? Uuid { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("state")] public PolicyState State { get; init; }
    // Capital Q here, lower-case q in CreatePolicyRequest: the proto's field names differ.
    [JsonPropertyName("QoSRateLimitPolicy")] public QosRateLimitPolicy? QosRateLimitPolicy { get; init; }
}

public sealed record QosRateLimitPolicy
{
    [JsonPropertyName("projectsNamesScope")] public IReadOnlyList<string>? ProjectsNamesScope { get; init; }
    [JsonPropertyName("policyVisibility")] public PolicyVisibility PolicyVisibility { get; init; }
    [JsonPropertyName("limitIOPS")] public QosLimitIops? LimitIops { get; init; }
    [JsonPropertyName("limitBw")] public QosLimitBandwidth? LimitBandwidth { get; init; }
    [JsonPropertyName("limitIOPSPerGB")] public QosLimitIopsPerGb? LimitIopsPerGb { get; init; }

    /// <summary>
    /// Whether a volume of <paramref name="project"/> may use the policy; null when the cluster
    /// hides the visibility (Unavailable: callers that are not cluster admins).
    /// </summary>
    public bool? IsUsableBy(string project) => PolicyVisibility switch
    {
        PolicyVisibility.Global => true,
        PolicyVisibility.Scoped => ProjectsNamesScope?.Contains(project) == true,
        _ => null,
    };
}

/// <summary>0 (or absent) means unlimited; IOPS in steps of 256.</summary>
public sealed record QosLimitIops
{
    [JsonPropertyName("writeIOPSLimit")] public uint WriteIopsLimit { get; init; }
    [JsonPropertyName("readIOPSLimit")] public uint ReadIopsLimit { get; init; }
}

/// <summary>MB/s; 0 (or absent) means unlimited.</summary>
public sealed record QosLimitBandwidth
{
    [JsonPropertyName("writeBWLimit")] public uint WriteBwLimit { get; init; }
    [JsonPropertyName("readBWLimit")] public uint ReadBwLimit { get; init; }
}

/// <summary>IOPS per GB of volume size; 0 (or absent) means unlimited.</summary>
public sealed record QosLimitIopsPerGb
{
    [JsonPropertyName("writeIOPSPerGBLimit")] public uint WriteIopsPerGbLimit { get; init; }
    [JsonPropertyName("readIOPSPerGBLimit")] public uint ReadIopsPerGbLimit { get; init; }
}

public sealed record PolicyList
{
    [JsonPropertyName("policies")] public IReadOnlyList<Policy> Policies { get; init; } = [];
}

public sealed record CreatePolicyRequest
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("qoSRateLimitPolicy")] public QosRateLimitPolicy? QosRateLimitPolicy { get; init; }
}

public enum PolicyState
{
    Unknown = 0,
    Creating = 1,
    Active = 2,
    Updating = 3,
    Deprecated = 4,
    Failed = 5,
}

public enum PolicyVisibility
{
    Unavailable = 0,
    Scoped = 1,
    Global = 2,
}
