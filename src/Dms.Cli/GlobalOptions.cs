using System.CommandLine;
using System.CommandLine.Parsing;
using Cli.Common.Output;
using Dms.Cli.Input;

namespace Dms.Cli;

/// <summary>Options every dmscli command takes.</summary>
internal static class GlobalOptions
{
    // Nullable with no default factory, so help shows the lower-case names operators type rather than enum values.
    public static readonly Option<OutputFormat?> Output = new("--output", "-o")
    {
        Description = "Output format: table (default), wide, json, yaml, or name (workflow/<id> a line, for scripts)",
        HelpName = "format",
        Recursive = true,
        CustomParser = result => result.Tokens.Single().Value.ToLowerInvariant() switch
        {
            "table" => OutputFormat.Table,
            "wide" => OutputFormat.Wide,
            "json" => OutputFormat.Json,
            "yaml" => OutputFormat.Yaml,
            "name" => OutputFormat.Name,
            var other => Fail<OutputFormat?>(result, $"--output '{other}' must be table, wide, json, yaml or name"),
        },
    };

    public static readonly Option<string?> BaseUrl = new("--base-url")
    {
        Description = "DMS service URL, https://HOST:PORT (env DMSCLI_BASE_URL; default: the current context's, saved by dmscli login)",
        HelpName = "url",
        Recursive = true,
    };

    public static readonly Option<string?> Config = new("--config")
    {
        Description = "Config file (env DMSCLI_CONFIG; default ~/.local/dms/dms-cli.yaml, written by dmscli login)",
        HelpName = "file",
        Recursive = true,
    };

    public static readonly Option<string?> Context = new("--context")
    {
        Description = "Saved context (DMS server) to use instead of the current one; for login, the name to save it as (env DMSCLI_CONTEXT)",
        HelpName = "name",
        Recursive = true,
    };

    public static readonly Option<string?> CaCert = new("--ca-cert")
    {
        Description = "PEM certificate to trust for DMS: the server's tls.crt from `dms init` or its CA (env DMSCLI_CA_CERT)",
        HelpName = "file",
        Recursive = true,
    };

    public static readonly Option<bool> Insecure = new("--insecure-skip-tls-verify")
    {
        Description = "Do not verify DMS's TLS certificate (never the default)",
        Recursive = true,
    };

    public static readonly Option<bool> AllowHttp = new("--allow-http")
    {
        Description = "Allow an http:// base URL, which sends the password and token unencrypted (refused otherwise)",
        Recursive = true,
    };

    public static readonly Option<TimeSpan?> Timeout = new("--timeout")
    {
        Description = "How long to wait for each answer from DMS, e.g. 30s, 2m (default 30s)",
        HelpName = "duration",
        Recursive = true,
        CustomParser = result => DurationOption.Parse(result),
    };

    public static OutputFormat FormatOf(ParseResult parse) => parse.GetValue(Output) ?? OutputFormat.Table;

    public static TimeSpan TimeoutOf(ParseResult parse) => parse.GetValue(Timeout) ?? TimeSpan.FromSeconds(30);

    public static void AddTo(Command root)
    {
        foreach (var option in new Option[] { Output, BaseUrl, Config, Context, CaCert, Insecure, AllowHttp, Timeout })
        {
            root.Options.Add(option);
        }
    }

    internal static T Fail<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
