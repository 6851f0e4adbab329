using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Lightbits.Emulator.Wire;

/// <summary>
/// The fields of a request body that its message does not have, as JSON paths ("$.acl.valuez"):
/// grpc-gateway v1 drops them silently (its JSONPb unmarshaler allows unknown fields), so the
/// emulator accepts them too, but names them for tests that want to know.
/// </summary>
internal static class UnknownFieldFinder
{
    public static List<string> Find(JsonElement body, Type message, JsonSerializerOptions options)
    {
        var unknown = new List<string>();
        Walk(body, options.GetTypeInfo(message), "$", unknown, options);
        return unknown;
    }

    private static void Walk(JsonElement element, JsonTypeInfo type, string path, List<string> unknown, JsonSerializerOptions options)
    {
        if (type.Kind == JsonTypeInfoKind.Object && element.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in element.EnumerateObject())
            {
                var fieldPath = $"{path}.{field.Name}";
                var known = type.Properties.FirstOrDefault(p => p.Name == field.Name);
                if (known is null)
                {
                    unknown.Add(fieldPath);
                }
                else
                {
                    Walk(field.Value, options.GetTypeInfo(known.PropertyType), fieldPath, unknown, options);
                }
            }
        }
        else if (type.Kind == JsonTypeInfoKind.Enumerable && type.ElementType is { } itemType && element.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                Walk(item, options.GetTypeInfo(itemType), $"{path}[{index++}]", unknown, options);
            }
        }
    }
}
