using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dms.Workflows.Storage;

/// <summary>One serializer configuration for everything the engine stores as JSON.</summary>
internal static class WorkflowJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) where T : class =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"null where a {typeof(T).Name} was expected");

    public static string Serialize(IReadOnlyList<string> keys) => JsonSerializer.Serialize(keys, Options);
}
