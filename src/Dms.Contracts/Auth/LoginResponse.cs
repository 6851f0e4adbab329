using System.Text.Json.Serialization;

namespace Dms.Contracts.Auth;

/// <summary>Spec §3 LoginResponse.</summary>
public sealed record LoginResponse
{
    public string TokenType { get; init; } = "Bearer";

    /// <summary>Seconds until the token expires; a JSON string (64-bit, spec §1).</summary>
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public required long ExpiresIn { get; init; }

    public required string IdToken { get; init; }
}
