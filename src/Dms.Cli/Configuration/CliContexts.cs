namespace Dms.Cli.Configuration;

/// <summary>One DMS server an operator works with: its name and what dmscli login saved for it.</summary>
internal sealed record CliContext(string Name, CliConfig Config);

/// <summary>
/// Every context in dms-cli.yaml and which one commands use when none is named. The guide's
/// single-server file is one context, named after its server's host.
/// </summary>
internal sealed record CliContexts(string? CurrentName, IReadOnlyList<CliContext> All)
{
    public static readonly CliContexts Empty = new(null, []);

    public CliContext? Current => CurrentName is null ? null : Find(CurrentName);

    public CliContext? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    /// <summary>The context saved for <paramref name="baseUrl"/> (scheme, host and port compared, as typed or normalised).</summary>
    public CliContext? FindByBaseUrl(Uri baseUrl) =>
        All.FirstOrDefault(c => c.Config.BaseUrl is { } saved && Authority(saved) is { } authority && authority == Authority(baseUrl.ToString()));

    /// <summary>The context named <paramref name="name"/>, or a not-found error listing the names there are.</summary>
    public CliContext Require(string name, string configPath) => Find(name) ?? throw new CliException(
        All.Count == 0
            ? $"context '{name}' does not exist: {configPath} has no contexts (dmscli login --context {name} makes one)"
            : $"context '{name}' does not exist in {configPath}; known contexts: {string.Join(", ", All.Select(c => c.Name))}",
        ExitCodes.NotFound);

    /// <summary>These contexts with <paramref name="context"/> added or replaced (in place), and made current.</summary>
    public CliContexts WithCurrent(CliContext context) =>
        new(context.Name, Find(context.Name) is null ? [.. All, context] : [.. All.Select(c => c.Name == context.Name ? context : c)]);

    /// <summary>
    /// A name for a new context on <paramref name="baseUrl"/>: its host, or host:port when another
    /// server on that host already has the host's name.
    /// </summary>
    public string NameFor(Uri baseUrl) => Find(baseUrl.Host) is null ? baseUrl.Host : $"{baseUrl.Host}:{baseUrl.Port}";

    private static string? Authority(string url) =>
        Uri.TryCreate(url.Contains("://", StringComparison.Ordinal) ? url : "https://" + url, UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant()
            : null;
}
