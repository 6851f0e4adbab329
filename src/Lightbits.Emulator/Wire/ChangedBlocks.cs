using System.Text.Json.Serialization;

namespace Lightbits.Emulator.Wire;

// ListChangedBlocks' answer (spec lightbits-api.md §13): LBAs are uint64 (JSON strings), the bitmap proto bytes (base64).

internal sealed record ChangedBlocksResponse
{
    [JsonPropertyName("nextOffsetLBA")] public ulong NextOffsetLba { get; init; }
    [JsonPropertyName("lbaRanges")] public IReadOnlyList<LbaRange>? LbaRanges { get; init; }
}

internal sealed record LbaRange
{
    [JsonPropertyName("lbaStart")] public ulong LbaStart { get; init; }
    [JsonPropertyName("lbaEnd")] public ulong LbaEnd { get; init; }
    [JsonPropertyName("dataBitMap")] public byte[]? DataBitMap { get; init; }
}
