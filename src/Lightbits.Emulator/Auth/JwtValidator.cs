using System.Security.Cryptography;
using System.Text;
using Lightbits.Emulator.State;
using Lightbits.Emulator.Wire;

namespace Lightbits.Emulator.Auth;

/// <summary>
/// Token checks in the order of spec lightbits-api.md §7.3: bearer present, RS256 only, kid →
/// credential, signature, exp/nbf; any failure is 401. Roles are decided later (403).
/// </summary>
public sealed class JwtValidator
{
    /// <summary>Clock skew tolerated on exp/nbf, as between hosts whose clocks are NTP-synced.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly ClusterState _state;
    private readonly TimeProvider _time;

    public JwtValidator(ClusterState state, TimeProvider time)
    {
        _state = state;
        _time = time;
    }

    public Caller Validate(string? authorizationHeader)
    {
        const string scheme = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw ApiException.Unauthorized("missing bearer token");
        }
        var token = authorizationHeader[scheme.Length..].Trim();
        if (JwtToken.TryParse(token) is not { } jwt)
        {
            throw ApiException.Unauthorized("malformed token");
        }
        if (jwt.Algorithm != "RS256")
        {
            throw ApiException.Unauthorized($"token algorithm \"{jwt.Algorithm}\" is not accepted; only RS256");
        }
        var keyId = jwt.KeyId ?? string.Empty;
        var colon = keyId.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == keyId.Length - 1)
        {
            throw ApiException.Unauthorized($"token kid \"{keyId}\" is not of the form <project>:<credential>");
        }
        var project = keyId[..colon];
        var credential = _state.FindCredential(project, keyId[(colon + 1)..]);
        if (credential is not { Type: CredentialType.RS256PubKey })
        {
            throw ApiException.Unauthorized($"no credential \"{keyId}\" on this cluster");
        }
        using (var key = RSA.Create())
        {
            key.ImportFromPem(Encoding.UTF8.GetString(credential.Payload));
            if (!jwt.IsSignedBy(key))
            {
                throw ApiException.Unauthorized($"token signature does not verify with credential \"{keyId}\"");
            }
        }
        CheckTimes(jwt);
        if (jwt.Audience is { } audience && audience != JwtToken.LightOsAudience)
        {
            throw ApiException.Unauthorized($"token audience \"{audience}\" is not \"{JwtToken.LightOsAudience}\"");
        }

        var granted = jwt.Roles
            .Where(role => project == ClusterState.SystemProject || role.StartsWith(project + ":", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        return new Caller(keyId, granted);
    }

    private void CheckTimes(JwtToken claims)
    {
        var now = _time.GetUtcNow();
        if (claims.ExpiresAt is not { } exp)
        {
            throw ApiException.Unauthorized("token has no exp claim");
        }
        if (DateTimeOffset.FromUnixTimeSeconds(exp) + ClockSkew < now)
        {
            throw ApiException.Unauthorized($"token expired at {DateTimeOffset.FromUnixTimeSeconds(exp):u}");
        }
        if (claims.NotBefore is { } nbf && DateTimeOffset.FromUnixTimeSeconds(nbf) - ClockSkew > now)
        {
            throw ApiException.Unauthorized($"token is not valid before {DateTimeOffset.FromUnixTimeSeconds(nbf):u}");
        }
    }
}
