using System.Text.Json.Serialization;

namespace Lightbits.Api.Auth;

/// <summary>The JOSE header of a Lightbits token (spec lightbits-api.md §7.2).</summary>
public sealed record JwtHeader
{
    [JsonPropertyName("alg")] public string? Algorithm { get; init; }
    [JsonPropertyName("kid")] public string? KeyId { get; init; }
    [JsonPropertyName("typ")] public string? Type { get; init; }
}

/// <summary>The claims Lightbits reads (spec lightbits-api.md §7.2); times are Unix seconds.</summary>
public sealed record JwtClaims
{
    [JsonPropertyName("aud")] public string? Audience { get; init; }
    [JsonPropertyName("exp")] public long? ExpiresAt { get; init; }
    [JsonPropertyName("iat")] public long? IssuedAt { get; init; }
    [JsonPropertyName("nbf")] public long? NotBefore { get; init; }
    [JsonPropertyName("iss")] public string? Issuer { get; init; }
    [JsonPropertyName("jti")] public string? Id { get; init; }
    [JsonPropertyName("sub")] public string? Subject { get; init; }
    [JsonPropertyName("roles")] public IReadOnlyList<string>? Roles { get; init; }
}
