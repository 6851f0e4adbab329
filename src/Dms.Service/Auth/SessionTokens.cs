using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dms.Service.Auth;

/// <summary>
/// The <c>idToken</c> of spec §3 LoginResponse: an HS256 JWT signed with the session key. Validation
/// accepts exactly what <see cref="Issue"/> produces: HS256, our issuer and audience, unexpired.
/// </summary>
internal sealed class SessionTokens(SessionKey key, TimeProvider time, TimeSpan lifetime)
{
    private const string Issuer = "dms";
    private const string Audience = "dms-api";
    private static readonly byte[] Header = Encoding.ASCII.GetBytes(Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8));

    public TimeSpan Lifetime => lifetime;

    public string Issue(string user)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var claims = new SessionClaims
        {
            Subject = user,
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            ExpiresAt = now + (long)lifetime.TotalSeconds,
            Id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
        };
        var signingInput = Encoding.ASCII.GetString(Header) + "." + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims, SessionJson.Default.SessionClaims));
        return signingInput + "." + Base64Url.EncodeToString(Sign(signingInput));
    }

    /// <summary>The user the token was issued to, or null when it is malformed, badly signed, not yet valid or expired.</summary>
    public string? Validate(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || !Encoding.ASCII.GetBytes(parts[0]).AsSpan().SequenceEqual(Header))
        {
            return null;
        }

        try
        {
            var signature = Base64Url.DecodeFromChars(parts[2]);
            if (!CryptographicOperations.FixedTimeEquals(signature, Sign(parts[0] + "." + parts[1])))
            {
                return null;
            }

            var claims = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(parts[1]), SessionJson.Default.SessionClaims);
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            return claims is { Subject: { Length: > 0 } user, Issuer: Issuer, Audience: Audience, ExpiresAt: { } exp, NotBefore: { } nbf }
                   && now < exp && now >= nbf
                ? user
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private byte[] Sign(string signingInput) => HMACSHA256.HashData(key.Secret, Encoding.ASCII.GetBytes(signingInput));
}

internal sealed record SessionClaims
{
    [JsonPropertyName("sub")] public string? Subject { get; init; }
    [JsonPropertyName("iss")] public string? Issuer { get; init; }
    [JsonPropertyName("aud")] public string? Audience { get; init; }
    [JsonPropertyName("iat")] public long? IssuedAt { get; init; }
    [JsonPropertyName("nbf")] public long? NotBefore { get; init; }
    [JsonPropertyName("exp")] public long? ExpiresAt { get; init; }
    [JsonPropertyName("jti")] public string? Id { get; init; }
}

[JsonSerializable(typeof(SessionClaims))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class SessionJson : JsonSerializerContext;
