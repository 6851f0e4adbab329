namespace Lightbits.Emulator.State;

/// <summary>Which of QoSRateLimitPolicy's limits a policy sets (the proto's oneof QoSLimit).</summary>
public enum QosLimitKind
{
    Iops,
    Bandwidth,
    IopsPerGb,
}

/// <summary>A QoS rate-limit policy as persisted; 0 means unlimited, as in the proto.</summary>
public sealed class PolicyRecord
{
    public required string Uuid { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    /// <summary>Null: Global (every project may use it); else Scoped to these projects.</summary>
    public List<string>? ProjectsScope { get; init; }
    public QosLimitKind LimitKind { get; init; }
    public uint WriteLimit { get; init; }
    public uint ReadLimit { get; init; }

    public bool IsUsableBy(string project) => ProjectsScope is null || ProjectsScope.Contains(project);
}

/// <summary>A validated create-policy request.</summary>
public sealed record PolicySpec
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string>? ProjectsScope { get; init; }
    public QosLimitKind LimitKind { get; init; }
    public uint WriteLimit { get; init; }
    public uint ReadLimit { get; init; }
}
