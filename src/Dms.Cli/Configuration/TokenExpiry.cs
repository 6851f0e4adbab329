using System.Buffers.Text;
using System.Text.Json;

namespace Dms.Cli.Configuration;

/// <summary>
/// When the saved session token expires, read from its own <c>exp</c> claim: dmscli can then say
/// "expired at …" before sending it, instead of relaying DMS's one 401 for every bad token.
/// The token is not verified here (DMS does that); only its expiry is read.
/// </summary>
internal static class TokenExpiry
{
    /// <summary>The expiry of <paramref name="jwt"/>; null when it is not a JWT with a numeric exp.</summary>
    public static DateTimeOffset? Of(string jwt)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        var parts = jwt.Split('.');
        if (parts.Length != 3 || !Base64Url.IsValid(parts[1]))
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return payload.RootElement.ValueKind == JsonValueKind.Object && payload.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception e) when (e is JsonException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
