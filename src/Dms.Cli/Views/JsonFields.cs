using System.Globalization;
using System.Text.Json;
using Cli.Common.Output;
using Common.Text;

namespace Dms.Cli.Views;

/// <summary>
/// A request echo or a result (free-form JSON in the API) as describe lines: labels people read
/// instead of field names, clusters by name, sizes in binary units, nested objects as indented
/// groups. A field this table does not know still shows, under its API name.
/// </summary>
internal static class JsonFields
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["src"] = "Source", ["dst"] = "Destination", ["verifyClone"] = "Verify",
        ["clusterId"] = "Cluster", ["projectName"] = "Project", ["snapId"] = "Snapshot", ["snapName"] = "Snapshot name", ["name"] = "Name",
        ["size"] = "Size", ["replica"] = "Replicas", ["qosPolicyName"] = "QoS policy", ["sectorSize"] = "Sector size",
        ["compression"] = "Compression", ["description"] = "Description",
        ["volumeUuid"] = "Volume UUID", ["snapshotUuid"] = "Snapshot UUID",
        ["apiEndpoint"] = "API endpoint", ["tlsFingerprint"] = "TLS fingerprint", ["caCert"] = "CA certificate",
        ["tlsTrust"] = "TLS trust", ["tlsFingerprints"] = "TLS fingerprints",
        ["refreshedClusterIds"] = "Refreshed", ["failedClusterIds"] = "Failed",
    };

    /// <param name="skip">Fields shown elsewhere in the view (a result's warnings).</param>
    public static void AddTo(Description description, JsonElement obj, ClusterNames clusters, params string[] skip)
    {
        foreach (var property in obj.EnumerateObject().Where(p => !skip.Contains(p.Name)))
        {
            var label = Labels.GetValueOrDefault(property.Name, property.Name);
            var value = property.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    description.Section(label, group => AddTo(group, value, clusters));
                    break;
                case JsonValueKind.Array:
                    description.Items(label, value.EnumerateArray().Select(item => Value(property.Name, item, clusters)));
                    break;
                default:
                    description.Field(label, Value(property.Name, value, clusters));
                    break;
            }
        }
    }

    private static string Value(string name, JsonElement value, ClusterNames clusters)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.ToString();
        return value.ValueKind switch
        {
            JsonValueKind.True => "yes",
            JsonValueKind.False => "no",
            JsonValueKind.Null => "",
            // A PEM is many lines of base64 nobody reads in a terminal; its presence is what matters here.
            _ when name == "caCert" => $"PEM, {text.Length} characters (-o yaml shows it)",
            _ when name.StartsWith("cluster", StringComparison.Ordinal) || name.EndsWith("ClusterIds", StringComparison.Ordinal) => clusters.Long(text),
            _ when name == "size" && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) =>
                $"{Human.Size(bytes)} ({bytes.ToString(CultureInfo.InvariantCulture)} bytes)",
            _ => text,
        };
    }
}
