using System.Text.Json.Serialization;

namespace Lightbits.Emulator.Faults;

/// <summary>
/// A wrong changed-blocks listing, for testing what a client does with one (no request fails; the
/// answer lies): for <see cref="SnapshotUuid"/> (or every snapshot), the LBAs
/// [<see cref="OmitLbaStart"/>, + <see cref="OmitLbaCount"/>) are left out although they hold data,
/// and with <see cref="OutOfOrder"/> each answer lists its ranges last to first.
/// </summary>
public sealed record ChangedBlocksFault
{
    [JsonPropertyName("snapshotUuid")] public string? SnapshotUuid { get; init; }
    [JsonPropertyName("omitLbaStart")] public long OmitLbaStart { get; init; }
    [JsonPropertyName("omitLbaCount")] public long OmitLbaCount { get; init; }
    [JsonPropertyName("outOfOrder")] public bool OutOfOrder { get; init; }
}
