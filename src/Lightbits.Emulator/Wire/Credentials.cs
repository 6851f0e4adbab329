using System.Text.Json.Serialization;

namespace Lightbits.Emulator.Wire;

// Credential messages of durosapiv2.proto (spec lightbits-api.md §5); payload is proto bytes (base64).

/// <summary><c>CredsType</c>.</summary>
public enum CredentialType
{
    UnknownType = 0,
    RS256PubKey = 1,
    TlsCertChainPem = 2,
    TlsPrivKeyPem = 3,
}

/// <summary><c>CredsKind</c> (not settable by users).</summary>
public enum CredentialKind
{
    UserCreds = 0,
    BeaconCreds = 2,
    UnknownKind = 127,
}

internal sealed record Credential
{
    [JsonPropertyName("projectName")] public string? ProjectName { get; init; }
    [JsonPropertyName("ID")] public string? Id { get; init; }
    [JsonPropertyName("type")] public CredentialType Type { get; init; }
    [JsonPropertyName("payload")] public byte[]? Payload { get; init; }
    [JsonPropertyName("kind")] public CredentialKind Kind { get; init; }
}

internal sealed record CredentialList
{
    [JsonPropertyName("credentials")] public IReadOnlyList<Credential>? Credentials { get; init; }
}

internal sealed record CreateCredentialRequest
{
    [JsonPropertyName("projectName")] public string? ProjectName { get; init; }
    [JsonPropertyName("ID")] public string? Id { get; init; }
    [JsonPropertyName("type")] public CredentialType? Type { get; init; }
    [JsonPropertyName("payload")] public byte[]? Payload { get; init; }
}
