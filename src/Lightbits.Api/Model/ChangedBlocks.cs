using System.Text.Json.Serialization;

namespace Lightbits.Api.Model;

/// <summary>
/// One page of GET /api/v2/projects/{p}/snapshots/diff/{snapshotUUID} (spec lightbits-api.md §13):
/// ranges [lbaStart, lbaEnd) each with one bit per LBA; <c>nextOffsetLBA</c> 0 once the end was reached.
/// Absent fields are proto zeros and mean exactly that: no <c>nextOffsetLBA</c> = the last page, no
/// <c>lbaRanges</c> = nothing changed, <c>lbaStart</c> 0 = LBA 0, and a range without
/// <c>dataBitMap</c> (empty bytes) but with LBAs is malformed (<c>ChangedExtents.DecodePage</c> says so, naming the cluster, snapshot and field).
/// </summary>
public sealed record ChangedBlocksResponse
{
    [JsonPropertyName("nextOffsetLBA")] public ulong NextOffsetLba { get; init; }
    [JsonPropertyName("lbaRanges")] public IReadOnlyList<LbaRange> LbaRanges { get; init; } = [];
}

public sealed record LbaRange
{
    [JsonPropertyName("lbaStart")] public ulong LbaStart { get; init; }
    [JsonPropertyName("lbaEnd")] public ulong LbaEnd { get; init; }
    [JsonPropertyName("dataBitMap")] public byte[] DataBitMap { get; init; } = [];
}
