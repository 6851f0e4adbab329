using System.Text.Json.Serialization;

namespace Lightbits.Emulator.Api;

/// <summary>The body of the test control POST /_emulator/volumes/{uuid}/migrate.</summary>
internal sealed record MigrateRequest
{
    [JsonPropertyName("durationMs")] public int DurationMs { get; init; }
}
