using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Common.Tls;
using Lightbits.Api.Http;
using YamlDotNet.RepresentationModel;

namespace Lightbits.Cli;

/// <summary>
/// Where to connect and with what: each setting from its flag, else its environment variable,
/// else the config file, else an lbemu data dir.
/// </summary>
internal sealed record Connection(IReadOnlyList<string> Endpoints, string? Jwt, TlsOptions Tls)
{
    public static Connection Resolve(ParseResult parse)
    {
        var config = LoadConfig(parse.GetValue(GlobalOptions.Config));
        string? Setting(Option<string?> option, string env, string key) =>
            parse.GetValue(option) ?? Environment.GetEnvironmentVariable(env) ?? config.GetValueOrDefault(key);

        var dataDir = Setting(GlobalOptions.DataDir, "LBEMU_DATA_DIR", "data-dir");
        var emulator = dataDir is null ? null : EmulatorInfo.Load(dataDir);

        var endpointText = Setting(GlobalOptions.Endpoint, "LBCLI_ENDPOINT", "endpoint");
        IReadOnlyList<string> endpoints = endpointText is not null
            ? [.. endpointText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(NormaliseEndpoint)]
            : emulator?.Endpoints ?? throw new CliException("no cluster endpoint: give --endpoint host:port (or --data-dir of an lbemu cluster)");

        var jwt = Setting(GlobalOptions.Jwt, "LBCLI_JWT", "jwt") is { } jwtText ? ReadJwt(jwtText) : emulator?.SystemJwt;

        TlsOptions tls;
        var caCert = parse.GetValue(GlobalOptions.CaCert) ?? config.GetValueOrDefault("ca-cert");
        if (parse.GetValue(GlobalOptions.Insecure) || config.GetValueOrDefault("insecure-skip-tls-verify") == "true")
        {
            tls = new TlsOptions { SkipVerification = true };
        }
        else if (caCert is not null)
        {
            tls = new TlsOptions { TrustedRoots = LoadCertificates(caCert) };
        }
        else if (emulator is not null && endpointText is null)
        {
            tls = new TlsOptions { PinnedSha256 = emulator.CertificateSha256 };
        }
        else
        {
            tls = TlsOptions.System;
        }
        return new Connection(endpoints, jwt, tls);
    }

    public LightbitsClient Client() => new(new LightbitsClientOptions
    {
        Endpoints = Endpoints,
        TokenProvider = () => Jwt ?? throw new CliException("no JWT: give -J/--jwt TOKEN (or --data-dir of an lbemu cluster)", ExitCodes.Auth),
        Tls = Tls,
        MaxAttempts = 3,
    });

    private static string NormaliseEndpoint(string endpoint)
    {
        var trimmed = endpoint.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? endpoint[8..] : endpoint;
        trimmed = trimmed.TrimEnd('/');
        if (endpoint.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || trimmed.Contains('/', StringComparison.Ordinal))
        {
            throw new CliException($"--endpoint \"{endpoint}\" must be host:port or https://host:port");
        }
        return trimmed.Contains(':', StringComparison.Ordinal) ? trimmed : trimmed + ":443";
    }

    private static string ReadJwt(string value)
    {
        if (!value.StartsWith('@'))
        {
            return value.Trim();
        }
        var path = value[1..];
        return File.Exists(path) ? File.ReadAllText(path).Trim() : throw new CliException($"--jwt: file \"{path}\" not found");
    }

    private static X509Certificate2Collection LoadCertificates(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"--ca-cert: file \"{path}\" not found");
        }
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(path);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new CliException($"--ca-cert: \"{path}\" holds no PEM certificate: {e.Message}");
        }
        return collection.Count > 0 ? collection : throw new CliException($"--ca-cert: \"{path}\" holds no PEM certificate");
    }

    private static Dictionary<string, string> LoadConfig(string? explicitPath)
    {
        var path = explicitPath ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config", "lbcli", "lbcli.yaml");
        if (!File.Exists(path))
        {
            return explicitPath is null ? [] : throw new CliException($"--config: file \"{path}\" not found");
        }
        try
        {
            var yaml = new YamlStream();
            using var reader = new StringReader(File.ReadAllText(path));
            yaml.Load(reader);
            if (yaml.Documents.Count == 0)
            {
                return [];
            }
            var root = yaml.Documents[0].RootNode as YamlMappingNode ?? throw new CliException($"{path}: expected a mapping of settings");
            return root.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => (p.Value as YamlScalarNode)?.Value ?? "", StringComparer.Ordinal);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new CliException($"{path}: not valid YAML: {e.Message}");
        }
    }

    /// <summary>What an lbemu data dir tells a client (its cluster.json and system-jwt).</summary>
    private sealed record EmulatorInfo(IReadOnlyList<string> Endpoints, string? SystemJwt, string CertificateSha256)
    {
        public static EmulatorInfo Load(string dataDir)
        {
            var path = Path.Combine(dataDir, "cluster.json");
            if (!File.Exists(path))
            {
                throw new CliException($"--data-dir: \"{dataDir}\" has no cluster.json; is lbemu running there?");
            }
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            var endpoints = root.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("apiEndpoint").GetString()!).ToList();
            var jwtPath = root.GetProperty("systemJwtPath").GetString()!;
            var jwt = File.Exists(jwtPath) ? File.ReadAllText(jwtPath).Trim() : null;
            return new EmulatorInfo(endpoints, jwt, root.GetProperty("tlsCertSha256").GetString()!);
        }
    }
}
