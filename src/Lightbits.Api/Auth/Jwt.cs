using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Lightbits.Api.Auth;

/// <summary>
/// RS256 JSON Web Tokens as Lightbits uses them: <c>kid</c> = <c>&lt;project&gt;:&lt;credential ID&gt;</c>,
/// roles such as <c>system:cluster-admin</c>, <c>aud</c> = <c>LightOS</c> (spec lightbits-api.md §7).
/// Minting needs no cluster: the cluster only checks the signature against the public key it was given.
/// </summary>
public static class Jwt
{
    public const string Audience = "LightOS";
    public const string ClusterAdminRole = "system:cluster-admin";

    public static string Mint(RSA privateKey, string keyId, IReadOnlyList<string> roles, string subject,
        TimeSpan lifetime, TimeProvider? time = null, string? issuer = null)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        var now = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds();
        var header = new JwtHeader { Algorithm = "RS256", KeyId = keyId, Type = "JWT" };
        var claims = new JwtClaims
        {
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            ExpiresAt = now + (long)lifetime.TotalSeconds,
            Issuer = issuer,
            Id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
            Subject = subject,
            Roles = roles,
        };
        return Sign(privateKey, header, claims);
    }

    /// <summary>Signs arbitrary header and claims (tests use it to forge tokens the cluster must refuse).</summary>
    public static string Sign(RSA privateKey, JwtHeader header, JwtClaims claims)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        var signingInput = Encode(header) + "." + Encode(claims);
        var signature = privateKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private static string Encode<T>(T value) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value, Json.LightbitsJson.Options));

    /// <summary>Splits and decodes a compact token without checking anything but its shape.</summary>
    public static bool TryParse(string token, out ParsedJwt parsed)
    {
        parsed = default!;
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }
        try
        {
            var header = JsonSerializer.Deserialize<JwtHeader>(Base64Url.DecodeFromChars(parts[0]), Json.LightbitsJson.Options);
            var claims = JsonSerializer.Deserialize<JwtClaims>(Base64Url.DecodeFromChars(parts[1]), Json.LightbitsJson.Options);
            var signature = Base64Url.DecodeFromChars(parts[2]);
            if (header is null || claims is null)
            {
                return false;
            }
            parsed = new ParsedJwt(header, claims, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature);
            return true;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }
}

public sealed record ParsedJwt(JwtHeader Header, JwtClaims Claims, byte[] SigningInput, byte[] Signature)
{
    public bool IsSignedBy(RSA publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return publicKey.VerifyData(SigningInput, Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}
