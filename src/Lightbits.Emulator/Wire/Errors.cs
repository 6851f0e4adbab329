using System.Text.Json.Serialization;

namespace Lightbits.Emulator.Wire;

/// <summary>grpc-gateway v1's error body (spec lightbits-api.md §2): <c>error</c> and <c>message</c> both carry the text.</summary>
internal sealed record ErrorBody
{
    [JsonPropertyName("error")] public string? Error { get; init; }
    [JsonPropertyName("code")] public int Code { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
    [JsonPropertyName("details")] public IReadOnlyList<object>? Details { get; init; }
}
