using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Cli.Common.Output;

/// <summary>
/// YAML output is the JSON output in another syntax: same names, same values, so a script can
/// switch between them. Strings are quoted wherever YAML would otherwise read them as something else.
/// </summary>
public static class YamlWriter
{
    public static string Write(JsonNode? node)
    {
        var stream = new YamlStream(new YamlDocument(ToYaml(node)));
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();
        // YamlStream ends documents with "...": noise for a human reading one document.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private static YamlNode ToYaml(JsonNode? node) => node switch
    {
        JsonObject obj => new YamlMappingNode(obj.Select(p => new KeyValuePair<YamlNode, YamlNode>(new YamlScalarNode(p.Key), ToYaml(p.Value)))),
        JsonArray array => new YamlSequenceNode(array.Select(ToYaml)),
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String =>
            new YamlScalarNode(value.GetValue<string>()) { Style = NeedsQuotes(value.GetValue<string>()) ? YamlDotNet.Core.ScalarStyle.DoubleQuoted : YamlDotNet.Core.ScalarStyle.Any },
        JsonValue value => new YamlScalarNode(value.ToJsonString()),
        null => new YamlScalarNode("null"),
        _ => throw new InvalidOperationException($"unexpected JSON node {node.GetType().Name}"),
    };

    // "4294967296", "true", "null", "" would change type unquoted.
    private static bool NeedsQuotes(string text) =>
        text.Length == 0 || double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out _) ||
        text is "true" or "false" or "null" or "~" or "yes" or "no" or "on" or "off";
}
