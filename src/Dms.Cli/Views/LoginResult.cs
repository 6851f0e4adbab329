using System.Text.Json.Serialization;

namespace Dms.Cli.Views;

/// <summary>
/// What `dmscli login -o json|yaml` prints: where the session was saved and until when. Not the
/// token: it is a credential, and output is captured in CI logs and terminals' scrollback; a script
/// that needs it reads it from the 0600 config file, as every dmscli command does.
/// </summary>
internal sealed record LoginResult
{
    public required string BaseUrl { get; init; }

    public required string Username { get; init; }

    public required string ConfigPath { get; init; }

    /// <summary>The context of the config file the session was saved as, now the current one.</summary>
    public required string Context { get; init; }

    public required string TokenType { get; init; }

    /// <summary>Seconds, as the API's LoginResponse says it (a string: 64-bit, spec §1).</summary>
    [JsonNumberHandling(JsonNumberHandling.WriteAsString)]
    public required long ExpiresIn { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>dmscli's own output objects; every other JSON it prints is the API's (DmsJsonContext).</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LoginResult))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
