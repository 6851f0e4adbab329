using System.Globalization;
using Common.IO;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Dms.Cli.Configuration;

/// <summary>
/// Reads and writes dms-cli.yaml: it holds tokens, so 0600 and atomic. One context is written in
/// the guide's layout (spec §4: <c>base-url</c>, <c>auth</c>). Several are written as
/// <c>current-context</c> and a <c>contexts</c> list, with the current one's keys also at the top,
/// so a dmscli that knows only the guide's layout still reaches the current server.
/// </summary>
internal static class CliConfigFile
{
    private const string CurrentKey = "current-context";
    private const string ContextsKey = "contexts";
    private const string NameKey = "name";

    public static string DefaultPath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "dms", "dms-cli.yaml");

    /// <summary>The contexts at <paramref name="path"/>, or none when the file does not exist.</summary>
    public static CliContexts Read(string path)
    {
        if (!File.Exists(path))
        {
            return CliContexts.Empty;
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
                return CliContexts.Empty;
            }

            if (Child(root, ContextsKey) is YamlSequenceNode list)
            {
                var contexts = list.Children.OfType<YamlMappingNode>()
                    .Select(node => new CliContext(Scalar(node, NameKey) ?? throw new CliException($"cannot read {path}: a context has no name", ExitCodes.Failed), ContextOf(node)))
                    .ToList();
                return new CliContexts(Scalar(root, CurrentKey), contexts);
            }

            // The guide's single-server file: one context, named after its server.
            var single = ContextOf(root);
            var name = Scalar(root, CurrentKey) ?? NameOf(single.BaseUrl);
            return new CliContexts(name, [new CliContext(name, single)]);
        }
        catch (YamlException e)
        {
            throw new CliException($"cannot read {path}: {e.Message}; fix it or run dmscli login again", ExitCodes.Failed);
        }
    }

    public static void Write(string path, CliContexts contexts)
    {
        YamlMappingNode root;
        if (contexts.All is [var only] && contexts.CurrentName == only.Name && only.Name == NameOf(only.Config.BaseUrl))
        {
            root = NodeOf(only.Config);
        }
        else
        {
            root = contexts.Current is { } current ? NodeOf(current.Config) : new YamlMappingNode();
            root.Children.Insert(0, new YamlScalarNode(CurrentKey), new YamlScalarNode(contexts.CurrentName ?? ""));
            var list = new YamlSequenceNode();
            foreach (var context in contexts.All)
            {
                var node = NodeOf(context.Config);
                node.Children.Insert(0, new YamlScalarNode(NameKey), new YamlScalarNode(context.Name));
                list.Add(node);
            }

            root.Add(ContextsKey, list);
        }

        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        var text = writer.ToString();
        AtomicFile.WriteAllText(path, text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text, secret: true);
    }

    /// <summary>The name a context gets from its server: the host of its base URL.</summary>
    public static string NameOf(string? baseUrl) =>
        baseUrl is not null && Uri.TryCreate(baseUrl.Contains("://", StringComparison.Ordinal) ? baseUrl : "https://" + baseUrl, UriKind.Absolute, out var uri)
            ? uri.Host
            : "default";

    private static CliConfig ContextOf(YamlMappingNode map)
    {
        var auth = Child(map, "auth") as YamlMappingNode;
        return new CliConfig
        {
            BaseUrl = Scalar(map, "base-url"),
            CaCert = Scalar(map, "ca-cert"),
            InsecureSkipTlsVerify = Scalar(map, "insecure-skip-tls-verify") is "true",
            Auth = auth is null || Scalar(auth, "idToken") is not { } token ? null : new CliAuth(
                Scalar(auth, "tokenType") ?? "Bearer",
                long.TryParse(Scalar(auth, "expiresIn"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0,
                token),
        };
    }

    private static YamlMappingNode NodeOf(CliConfig config)
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

        return root;
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Scalar(YamlMappingNode map, string key) => (Child(map, key) as YamlScalarNode)?.Value;
}
