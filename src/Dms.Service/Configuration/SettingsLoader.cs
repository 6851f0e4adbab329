using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Dms.Service.Configuration;

/// <summary>
/// dms.yaml (flat keys), then DMS_&lt;KEY&gt; environment variables (e.g. DMS_STATE_DIR for stateDir),
/// then command-line flags; each later source wins. Unknown keys and bad values are errors that name them.
/// </summary>
internal static class SettingsLoader
{
    private delegate DmsSettings Apply(DmsSettings settings, string value, string source);

    private static readonly Dictionary<string, Apply> Keys = new(StringComparer.Ordinal)
    {
        ["listen"] = (s, v, src) => s with { Listen = Endpoint(v, src) },
        ["stateDir"] = (s, v, _) => s with { StateDir = v },
        ["store"] = (s, v, _) => s with { Store = v },
        ["tls"] = (s, v, src) => s with { Tls = Bool(v, src) },
        ["tokenLifetime"] = (s, v, src) => s with { TokenLifetime = Duration(v, src) },
        ["probeInterval"] = (s, v, src) => s with { ProbeInterval = Duration(v, src) },
        ["loginMaxFailures"] = (s, v, src) => s with { LoginMaxFailures = Int(v, src) },
        ["loginFailureWindow"] = (s, v, src) => s with { LoginFailureWindow = Duration(v, src) },
        ["maxRequestBodyBytes"] = (s, v, src) => s with { MaxRequestBodyBytes = Int(v, src) },
        ["maxConcurrentWorkflows"] = (s, v, src) => s with { MaxConcurrentWorkflows = Int(v, src) },
        ["maxConcurrentPerCluster"] = (s, v, src) => s with { MaxConcurrentPerCluster = Int(v, src) },
        ["leaseDuration"] = (s, v, src) => s with { LeaseDuration = Duration(v, src) },
        ["retention"] = (s, v, src) => s with { Retention = Duration(v, src) },
        ["logLevel"] = (s, v, _) => s with { LogLevel = v },
    };

    public static IEnumerable<string> KeyNames => Keys.Keys;

    public static DmsSettings Load(string configDir, IReadOnlyDictionary<string, string?> environment, IReadOnlyDictionary<string, string> flags)
    {
        var dir = new ConfigDir(configDir);
        var settings = new DmsSettings { ConfigDir = dir };
        if (!File.Exists(dir.SettingsFile))
        {
            throw new ConfigException($"{dir.SettingsFile} does not exist; run `dms init --config-dir {configDir}` first");
        }

        foreach (var (key, value) in ReadYaml(dir.SettingsFile))
        {
            settings = Set(settings, key, value, $"{dir.SettingsFile}: {key}");
        }

        foreach (var key in Keys.Keys)
        {
            var variable = EnvironmentName(key);
            if (environment.TryGetValue(variable, out var value) && !string.IsNullOrEmpty(value))
            {
                settings = Set(settings, key, value, variable);
            }
        }

        foreach (var (key, value) in flags)
        {
            settings = Set(settings, key, value, "--" + key);
        }

        return settings;
    }

    /// <summary>stateDir → DMS_STATE_DIR.</summary>
    public static string EnvironmentName(string key) =>
        "DMS_" + string.Concat(key.Select(c => char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));

    private static DmsSettings Set(DmsSettings settings, string key, string value, string source) =>
        Keys.TryGetValue(key, out var apply)
            ? apply(settings, value, source)
            : throw new ConfigException($"{source}: unknown setting '{key}'; known: {string.Join(", ", Keys.Keys)}");

    private static IEnumerable<(string Key, string Value)> ReadYaml(string path)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new ConfigException($"{path}: not valid YAML at line {e.Start.Line}: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            yield break;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            throw new ConfigException($"{path}: expected a mapping of settings (key: value)");
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (valueNode is not YamlScalarNode { Value: { } value })
            {
                throw new ConfigException($"{path}: {key} must be a single value");
            }

            yield return (key, value);
        }
    }

    private static string Endpoint(string value, string source)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535
            || !System.Net.IPAddress.TryParse(value[..colon].Trim('[', ']'), out _))
        {
            throw new ConfigException($"{source}: '{value}' is not ADDRESS:PORT (e.g. 0.0.0.0:443)");
        }

        return value;
    }

    private static bool Bool(string value, string source) => value.ToLowerInvariant() switch
    {
        "true" or "yes" or "on" or "1" => true,
        "false" or "no" or "off" or "0" => false,
        _ => throw new ConfigException($"{source}: '{value}' is not true or false"),
    };

    private static int Int(string value, string source) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ConfigException($"{source}: '{value}' is not a positive whole number");

    private static TimeSpan Duration(string value, string source) =>
        Durations.TryParse(value, out var duration) && duration > TimeSpan.Zero
            ? duration
            : throw new ConfigException($"{source}: '{value}' is not a duration (e.g. 30s, 5m, 24h, 30d)");
}
