using System.Globalization;
using Common.Text;
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
        ["stepMaxAttempts"] = (s, v, src) => s with { StepMaxAttempts = Bounded(v, src, 1000) },
        ["stepMaxTimeWithoutProgress"] = (s, v, src) => s with { StepMaxTimeWithoutProgress = Duration(v, src) },
        ["stepRetryMaxDelay"] = (s, v, src) => s with { StepRetryMaxDelay = AtMost(Duration(v, src), TimeSpan.FromHours(1), src) },
        ["janitorInterval"] = (s, v, src) => s with { JanitorInterval = Duration(v, src) },
        ["logLevel"] = (s, v, _) => s with { LogLevel = v },
        ["copyIoSize"] = (s, v, src) => s with { CopyIoSize = IoSize(v, src) },
        ["copyDepth"] = (s, v, src) => s with { CopyDepth = Bounded(v, src, 256) },
        ["nvmeIoQueues"] = (s, v, src) => s with { NvmeIoQueues = Bounded(v, src, 64) },
        ["copyMaxBandwidth"] = (s, v, src) => s with { CopyMaxBandwidth = Bandwidth(v, src) },
        ["copyWorkflowBandwidth"] = (s, v, src) => s with { CopyWorkflowBandwidth = Bandwidth(v, src) },
        ["otlpEndpoint"] = (s, v, src) => s with { OtlpEndpoint = OtlpEndpoint(v, src) },
        ["metricsAuth"] = (s, v, src) => s with { MetricsAuth = Choice(v, src, ("token", MetricsAuth.Token), ("none", MetricsAuth.None)) },
        ["clusterTrust"] = (s, v, src) => s with { ClusterTrust = Choice(v, src, ("firstUse", ClusterTrustMode.FirstUse), ("pinned", ClusterTrustMode.Pinned)) },
        ["clusterTokenLifetime"] = (s, v, src) => s with { ClusterTokenLifetime = AtMost(Duration(v, src), TimeSpan.FromMinutes(10), src) },
        ["clusterConnectTimeout"] = (s, v, src) => s with { ClusterConnectTimeout = AtMost(Duration(v, src), TimeSpan.FromMinutes(2), src) },
        ["changedBlocksCheckTimeout"] = (s, v, src) => s with
        {
            ChangedBlocksCheckTimeout = v.Trim().Equals("off", StringComparison.OrdinalIgnoreCase) ? TimeSpan.Zero : AtMost(Duration(v, src), TimeSpan.FromMinutes(30), src),
        },
    };

    public static IEnumerable<string> KeyNames => Keys.Keys;

    public static DmsSettings Load(string configDir, IReadOnlyDictionary<string, string?> environment, IReadOnlyDictionary<string, string> flags)
    {
        var dir = new ConfigDir(configDir);
        var settings = new DmsSettings { ConfigDir = dir, Flags = flags };
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

    /// <summary>What dms.yaml and the DMS_* variables say now, with the flags <paramref name="running"/> was started with.</summary>
    public static DmsSettings Reload(DmsSettings running) => Load(running.ConfigDir.Path, ProcessEnvironment(), running.Flags);

    public static Dictionary<string, string?> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);

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

    /// <summary>An http(s) URI; empty (or "off") exports no traces.</summary>
    private static Uri? OtlpEndpoint(string value, string source) =>
        value.Trim() is "" or "off" ? null
        : Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri
        : throw new ConfigException($"{source}: '{value}' is not an http(s) URI of an OTLP collector (e.g. http://localhost:4317)");

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

    private static int Bounded(string value, string source, int max)
    {
        var number = Int(value, source);
        return number <= max ? number : throw new ConfigException($"{source}: {number} is more than the limit {max}");
    }

    /// <summary>A size such as "1mib": a multiple of 4 KiB (every sector size divides it), at most 16 MiB.</summary>
    private static int IoSize(string value, string source) =>
        SizeParser.TryParse(value, out var bytes, out var error)
            ? bytes is >= 4096 and <= 16 << 20 && bytes % 4096 == 0
                ? (int)bytes
                : throw new ConfigException($"{source}: '{value}' must be a multiple of 4 KiB between 4 KiB and 16 MiB")
            : throw new ConfigException($"{source}: {error}");

    /// <summary>"200 MiB/s", "200mib" (per second implied), or 0 / "unlimited".</summary>
    private static long Bandwidth(string value, string source)
    {
        var text = value.Trim();
        if (text is "0" || text.Equals("unlimited", StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }
        if (text.EndsWith("/s", StringComparison.OrdinalIgnoreCase))
        {
            text = text[..^2];
        }
        return SizeParser.TryParse(text, out var bytes, out var error)
            ? (long)bytes
            : throw new ConfigException($"{source}: '{value}' is not a bandwidth such as 200 MiB/s or unlimited ({error})");
    }

    private static T Choice<T>(string value, string source, params (string Name, T Value)[] choices) =>
        choices.FirstOrDefault(c => c.Name.Equals(value.Trim(), StringComparison.OrdinalIgnoreCase)) is { Name: not null } chosen
            ? chosen.Value
            : throw new ConfigException($"{source}: '{value}' is not one of {string.Join(", ", choices.Select(c => c.Name))}");

    private static TimeSpan AtMost(TimeSpan value, TimeSpan max, string source) =>
        value <= max ? value : throw new ConfigException($"{source}: {value} is more than the limit {max}");

    private static TimeSpan Duration(string value, string source) =>
        DurationParser.TryParse(value, out var duration, out _) && duration > TimeSpan.Zero
            ? duration
            : throw new ConfigException($"{source}: '{value}' is not a duration (e.g. 30s, 5m, 24h, 30d)");
}
