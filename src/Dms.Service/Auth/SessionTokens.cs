using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dms.Service.Auth;

/// <summary>
/// The <c>idToken</c> of spec §3 LoginResponse: an HS256 JWT signed with the session key. Validation
/// accepts exactly what <see cref="Issue"/> produces: HS256, our issuer and audience, unexpired, and
/// a stamp of the user's htpasswd entry that still matches it (DESIGN §8: changing the password or
/// removing the user revokes every token issued before). A new session key (`dms session-key
/// rotate`, then SIGHUP) refuses every token the old one signed: there is no grace period.
/// </summary>
/// <param name="currentEntry">The user's htpasswd hash as it is now; null when the user does not exist.</param>
internal sealed class SessionTokens(SessionKey initialKey, Func<string, string?> currentEntry, TimeProvider time, TimeSpan lifetime)
{
    private const string Issuer = "dms";
    private const string Audience = "dms-api";
    private static readonly byte[] Header = Encoding.ASCII.GetBytes(Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8));

    private volatile SessionKey _key = initialKey;

    public TimeSpan Lifetime => lifetime;

    /// <summary>Signs and checks with <paramref name="newKey"/> from now on (SIGHUP after `dms session-key rotate`).</summary>
    /// <returns>Whether it differs from the key used until now.</returns>
    public bool Use(SessionKey newKey)
    {
        var changed = !CryptographicOperations.FixedTimeEquals(_key.Secret, newKey.Secret);
        _key = newKey;
        return changed;
    }

    public string Issue(string user)
    {
        var key = _key;
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
            EntryStamp = Stamp(key, user, currentEntry(user)),
        };
        var signingInput = Encoding.ASCII.GetString(Header) + "." + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims, SessionJson.Default.SessionClaims));
        return signingInput + "." + Base64Url.EncodeToString(Sign(key, signingInput));
    }

    /// <summary>The user the token was issued to, or why it is refused.</summary>
    public SessionCheck Validate(string token)
    {
        var key = _key;
        var parts = token.Split('.');
        if (parts.Length != 3 || !Encoding.ASCII.GetBytes(parts[0]).AsSpan().SequenceEqual(Header))
        {
            return SessionCheck.Refused("the bearer token is not a DMS session token; log in again");
        }

        SessionClaims? claims;
        try
        {
            var signature = Base64Url.DecodeFromChars(parts[2]);
            if (!CryptographicOperations.FixedTimeEquals(signature, Sign(key, parts[0] + "." + parts[1])))
            {
                return SessionCheck.Refused("the bearer token is badly signed; log in again");
            }

            claims = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(parts[1]), SessionJson.Default.SessionClaims);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return SessionCheck.Refused("the bearer token is malformed; log in again");
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (claims is not { Subject: { Length: > 0 } user, Issuer: Issuer, Audience: Audience, ExpiresAt: { } exp, NotBefore: { } nbf, EntryStamp: { } stamp })
        {
            return SessionCheck.Refused("the bearer token is malformed; log in again");
        }

        if (now >= exp || now < nbf)
        {
            return SessionCheck.Refused($"the session expired at {DateTimeOffset.FromUnixTimeSeconds(exp):u}; log in again");
        }

        // Compared last: only a token we signed gets to learn that its user changed.
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stamp), Encoding.ASCII.GetBytes(Stamp(key, user, currentEntry(user))))
            ? SessionCheck.Accepted(user)
            : SessionCheck.Refused("the session was revoked (the user's password changed or the user was removed); log in again");
    }

    /// <summary>
    /// Keyed with the session key, so the token reveals nothing about the password hash, and
    /// "no such user" stamps differently from every real entry.
    /// </summary>
    private static string Stamp(SessionKey key, string user, string? entry) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(key.Secret, Encoding.UTF8.GetBytes($"entry\n{user}\n{entry ?? "\0absent"}")).AsSpan(0, 16));

    private static byte[] Sign(SessionKey key, string signingInput) => HMACSHA256.HashData(key.Secret, Encoding.ASCII.GetBytes(signingInput));
}

/// <summary>The outcome of checking a session token: the user, or the reason it was refused (said to the caller).</summary>
internal sealed record SessionCheck(string? User, string? Refusal)
{
    public static SessionCheck Accepted(string user) => new(user, null);

    public static SessionCheck Refused(string reason) => new(null, reason);
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

    /// <summary>[OURS] A keyed stamp of the user's htpasswd entry when the token was issued.</summary>
    [JsonPropertyName("pst")] public string? EntryStamp { get; init; }
}

[JsonSerializable(typeof(SessionClaims))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class SessionJson : JsonSerializerContext;
