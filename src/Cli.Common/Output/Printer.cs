using System.Text.Json;
using System.Text.Json.Nodes;
using Lightbits.Api.Json;

namespace Lightbits.Cli.Output;

internal enum OutputFormat
{
    Human,
    Json,
    Yaml,
}

/// <summary>Prints an API object as JSON, YAML, or the human view the command supplies.</summary>
internal sealed class Printer(OutputFormat format, TextWriter stdout)
{
    private static readonly JsonSerializerOptions Indented = new(LightbitsJson.Options) { WriteIndented = true };

    public void Print<T>(T value, Func<T, string> human)
    {
        switch (format)
        {
            case OutputFormat.Json:
                stdout.WriteLine(JsonSerializer.Serialize(value, Indented));
                break;
            case OutputFormat.Yaml:
                stdout.Write(YamlWriter.Write(JsonSerializer.SerializeToNode(value, LightbitsJson.Options)));
                break;
            default:
                stdout.Write(human(value));
                break;
        }
    }

    /// <summary>Field/value pairs, for single objects in the human view.</summary>
    public static string Fields<T>(T value)
    {
        var node = JsonSerializer.SerializeToNode(value, LightbitsJson.Options)!.AsObject();
        return Table.Render(["Field", "Value"], node.Select(p => (IReadOnlyList<string?>)[p.Key, Flatten(p.Value)]));
    }

    private static string Flatten(JsonNode? node) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonObject obj when obj.Count == 1 && obj["values"] is JsonArray values => string.Join(",", values.Select(Flatten)),
        JsonArray array => string.Join(",", array.Select(Flatten)),
        null => "",
        _ => node.ToJsonString(),
    };
}
