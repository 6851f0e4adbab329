using System.Text.Json.Serialization;

namespace Lightbits.Api.Model;

/// <summary>
/// A credential; <c>payload</c> is proto bytes, so base64 in JSON (spec lightbits-api.md §5).
/// Absent fields: <c>type</c> UnknownType, <c>kind</c> UserCreds (the proto's zero), strings and
/// <c>payload</c> null = not reported.
/// </summary>
public sealed record Credential
{
    [JsonPropertyName("projectName")] public string? ProjectName { get; init; }
    [JsonPropertyName("ID")] public string? Id { get; init; }
    [JsonPropertyName("type")] public CredentialType Type { get; init; }
    [JsonPropertyName("payload")] public byte[]? Payload { get; init; }
    [JsonPropertyName("kind")] public CredentialKind Kind { get; init; }
}

public sealed record CredentialList
{
    [JsonPropertyName("credentials")] public IReadOnlyList<Credential> Credentials { get; init; } = [];
}

public sealed record CreateCredentialRequest
{
    [JsonPropertyName("projectName")] public string? ProjectName { get; init; }
    [JsonPropertyName("ID")] public string? Id { get; init; }
    [JsonPropertyName("type")] public CredentialType Type { get; init; }
    [JsonPropertyName("payload")] public byte[]? Payload { get; init; }
}
