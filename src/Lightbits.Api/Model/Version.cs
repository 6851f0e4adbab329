using System.Text.Json.Serialization;

namespace Lightbits.Api.Model;

public sealed record ApiVersion
{
    [JsonPropertyName("apiVersion")]
    public string? Version { get; init; }
}
