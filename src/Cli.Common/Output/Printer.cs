using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cli.Common.Output;

public enum OutputFormat
{
    Table,
    Wide,
    Json,
    Yaml,

    /// <summary>kind/id, one object a line (kubectl's -o name), for scripts that feed ids to the next command.</summary>
    Name,
}

/// <summary>
/// Prints an API object as JSON, YAML, or the table view the command supplies. JSON and YAML are
/// the API's own shape (the CLI's <paramref name="json"/> options), so scripts can rely on them.
/// </summary>
public sealed class Printer(OutputFormat format, TextWriter stdout, JsonSerializerOptions json)
{
    private readonly JsonSerializerOptions _indented = new(json) { WriteIndented = true };

    public OutputFormat Format => format;

    /// <param name="wide">The wide table view; the table view when the command has no wider one.</param>
    /// <param name="names">The kind/id of each object printed, for -o name; null when the command prints no object that has one.</param>
    public void Print<T>(T value, Func<T, string> table, Func<T, string>? wide = null, Func<T, IEnumerable<string>>? names = null)
    {
        switch (format)
        {
            case OutputFormat.Name:
                foreach (var name in (names ?? throw new CliException("-o name: this command prints nothing that has a name; use -o json or yaml"))(value))
                {
                    stdout.WriteLine(name);
                }
                break;
            case OutputFormat.Json:
                stdout.WriteLine(JsonSerializer.Serialize(value, _indented));
                break;
            case OutputFormat.Yaml:
                stdout.Write(YamlWriter.Write(JsonSerializer.SerializeToNode(value, json)));
                break;
            case OutputFormat.Wide when wide is not null:
                stdout.Write(wide(value));
                break;
            default:
                stdout.Write(table(value));
                break;
        }
    }

    /// <summary>Field/value pairs, for single objects in the table view.</summary>
    public string Fields<T>(T value)
    {
        var node = JsonSerializer.SerializeToNode(value, json)!.AsObject();
        return Table.Render(["Field", "Value"], node.Select(p => (IReadOnlyList<string?>)[p.Key, Flatten(p.Value)]));
    }

    private static string Flatten(JsonNode? node) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        // Lightbits wraps string lists as {"values": [...]}.
        JsonObject obj when obj.Count == 1 && obj["values"] is JsonArray values => string.Join(",", values.Select(Flatten)),
        JsonArray array => string.Join(",", array.Select(Flatten)),
        null => "",
        _ => node.ToJsonString(),
    };
}
