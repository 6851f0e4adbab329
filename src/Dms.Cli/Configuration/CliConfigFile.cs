using System.Globalization;
using Common.IO;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Dms.Cli.Configuration;

/// <summary>Reads and writes dms-cli.yaml in the documented layout (spec §4): it holds a token, so 0600 and atomic.</summary>
internal static class CliConfigFile
{
    public static string DefaultPath =>
        // DoNotVerify: a HOME that does not exist yet is still HOME (verifying returns "", which made the path relative to the working directory).
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify), ".local", "dms", "dms-cli.yaml");

    /// <summary>The config at <paramref name="path"/>, or an empty one when the file does not exist.</summary>
    public static CliConfig Read(string path)
    {
        if (!File.Exists(path))
        {
            return new CliConfig();
        }

        try
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(path))
            {
                stream.Load(reader);
            }

            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                return new CliConfig();
            }

            var auth = Child(root, "auth") as YamlMappingNode;
            return new CliConfig
            {
                BaseUrl = Scalar(root, "base-url"),
                CaCert = Scalar(root, "ca-cert"),
                InsecureSkipTlsVerify = Scalar(root, "insecure-skip-tls-verify") is "true",
                Auth = auth is null || Scalar(auth, "idToken") is not { } token ? null : new CliAuth(
                    Scalar(auth, "tokenType") ?? "Bearer",
                    long.TryParse(Scalar(auth, "expiresIn"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0,
                    token),
            };
        }
        catch (YamlException e)
        {
            throw new CliException($"cannot read {path}: {e.Message}; fix it or run dmscli login again", ExitCodes.Failed);
        }
    }

    public static void Write(string path, CliConfig config)
    {
        var root = new YamlMappingNode();
        if (config.BaseUrl is not null)
        {
            root.Add("base-url", config.BaseUrl);
        }

        if (config.Auth is { } auth)
        {
            root.Add("auth", new YamlMappingNode
            {
                { "tokenType", auth.TokenType },
                { "expiresIn", auth.ExpiresIn.ToString(CultureInfo.InvariantCulture) },
                { "idToken", auth.IdToken },
            });
        }

        if (config.CaCert is not null)
        {
            root.Add("ca-cert", config.CaCert);
        }

        if (config.InsecureSkipTlsVerify)
        {
            root.Add("insecure-skip-tls-verify", "true");
        }

        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        var text = writer.ToString();
        AtomicFile.WriteAllText(path, text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text, secret: true);
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Scalar(YamlMappingNode map, string key) => (Child(map, key) as YamlScalarNode)?.Value;
}
