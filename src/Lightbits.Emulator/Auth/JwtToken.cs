using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lightbits.Emulator.Auth;

/// <summary>
/// A compact RS256 JWT as lbcli makes them (spec lightbits-api.md §7.2): header <c>alg</c>/<c>kid</c>,
/// claims <c>aud</c>, <c>exp</c>, <c>nbf</c>, <c>roles</c>. The emulator reads only what it checks,
/// and mints only its own install-time system token.
/// </summary>
internal sealed record JwtToken(string? Algorithm, string? KeyId, string? Audience, long? ExpiresAt, long? NotBefore,
    IReadOnlyList<string> Roles, byte[] SigningInput, byte[] Signature)
{
    public const string LightOsAudience = "LightOS";

    public bool IsSignedBy(RSA publicKey) =>
        publicKey.VerifyData(SigningInput, Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>Splits and decodes a token, checking nothing but its shape; null when malformed.</summary>
    public static JwtToken? TryParse(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }
        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            if (header.RootElement.ValueKind != JsonValueKind.Object || claims.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var c = claims.RootElement;
            return new JwtToken(
                Text(header.RootElement, "alg"), Text(header.RootElement, "kid"), Text(c, "aud"),
                Seconds(c, "exp"), Seconds(c, "nbf"),
                c.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array
                    ? [.. roles.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!)]
                    : [],
                Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]),
                Base64Url.DecodeFromChars(parts[2]));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The token the install leaves for the cluster admin (lbcli's claims: aud, iat, nbf, exp, jti, sub, roles).</summary>
    public static string Mint(RSA privateKey, string keyId, IReadOnlyList<string> roles, string subject, TimeSpan lifetime, TimeProvider time)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = keyId, ["typ"] = "JWT" };
        var claims = new JsonObject
        {
            ["aud"] = LightOsAudience,
            ["exp"] = now + (long)lifetime.TotalSeconds,
            ["iat"] = now,
            ["nbf"] = now,
            ["jti"] = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
            ["sub"] = subject,
            ["roles"] = new JsonArray([.. roles.Select(r => JsonValue.Create(r))]),
        };
        var signingInput = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString())) + "."
            + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = privateKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private static string? Text(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Seconds(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) ? seconds : null;
}
