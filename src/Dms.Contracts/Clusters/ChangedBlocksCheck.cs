using System.Text.Json.Serialization;

namespace Dms.Contracts.Clusters;

/// <summary>
/// [OURS] What DMS's changed-blocks self-check found when it last ran on the cluster (attach,
/// refresh): whether the cluster's changed-blocks answers decode to exactly what was written.
/// Clones plan from changed blocks only when <see cref="Result"/> is <c>verified</c>.
/// </summary>
public sealed record ChangedBlocksCheck
{
    public required ChangedBlocksCheckResult Result { get; init; }

    /// <summary>
    /// Whether a snapshot of a clone lists the blocks the clone inherited from its parent snapshot;
    /// null when the check did not get that far.
    /// </summary>
    public bool? InheritedBlocksListed { get; init; }

    /// <summary>What was seen, for <c>mismatch</c>, <c>unsupported</c> and <c>failed</c>.</summary>
    public string? Detail { get; init; }

    public required DateTimeOffset CheckedAt { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<ChangedBlocksCheckResult>))]
public enum ChangedBlocksCheckResult
{
    /// <summary>The diffs listed every written block, and nothing far from one.</summary>
    [JsonStringEnumMemberName("verified")] Verified,

    /// <summary>The cluster has no changed-blocks API (404 or 501).</summary>
    [JsonStringEnumMemberName("unsupported")] Unsupported,

    /// <summary>The diffs decode to something other than what was written (another bit order or LBA unit).</summary>
    [JsonStringEnumMemberName("mismatch")] Mismatch,

    /// <summary>The check could not finish (no NVMe/TCP access, a refusal, out of time): nothing is known until a refresh checks again.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}
