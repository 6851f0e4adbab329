using System.Text.Json.Serialization;

namespace Dms.Contracts.Auth;

/// <summary>The JSON form of login; an empty body means HTTP Basic credentials (spec §2 Login).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record LoginRequest
{
    public string? Username { get; init; }

    public string? Password { get; init; }
}
