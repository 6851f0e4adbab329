using System.CommandLine;
using Cli.Common.Output;

namespace Lightbits.Cli;

/// <summary>Options every command takes (spec lightbits-api.md §8: -J/--jwt, --endpoint, -o).</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Jwt = new("--jwt", "-J")
    {
        Description = "JWT to authenticate with, or @FILE to read it from a file (env LBCLI_JWT)",
        Recursive = true,
    };

    public static readonly Option<string?> Endpoint = new("--endpoint")
    {
        Description = "Cluster API endpoint(s), host:port or https://host:port, comma-separated (env LBCLI_ENDPOINT)",
        Recursive = true,
    };

    public static readonly Option<OutputFormat> Output = new("--output", "-o")
    {
        Description = "Output format: human (default), json or yaml",
        DefaultValueFactory = _ => OutputFormat.Table,
        Recursive = true,
        CustomParser = result => result.Tokens.Single().Value.ToLowerInvariant() switch
        {
            "json" => OutputFormat.Json,
            "yaml" => OutputFormat.Yaml,
            "human" or "table" => OutputFormat.Table,
            var other => Fail(result, $"--output \"{other}\" must be human, json or yaml"),
        },
    };

    public static readonly Option<string?> DataDir = new("--data-dir")
    {
        Description = "An lbemu data dir: endpoints, system JWT and pinned certificate come from it (env LBEMU_DATA_DIR)",
        Recursive = true,
    };

    public static readonly Option<string?> Config = new("--config")
    {
        Description = "Config file (default ~/.config/lbcli/lbcli.yaml): endpoint, jwt, ca-cert, insecure-skip-tls-verify, data-dir",
        Recursive = true,
    };

    public static readonly Option<string?> CaCert = new("--ca-cert")
    {
        Description = "PEM file of a CA (or the self-signed certificate) to trust for the cluster's API",
        Recursive = true,
    };

    public static readonly Option<bool> Insecure = new("--insecure-skip-tls-verify")
    {
        Description = "Do not verify the cluster's TLS certificate (never the default)",
        Recursive = true,
    };

    public static void AddTo(Command root)
    {
        foreach (var option in new Option[] { Jwt, Endpoint, Output, DataDir, Config, CaCert, Insecure })
        {
            root.Options.Add(option);
        }
    }

    private static OutputFormat Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default;
    }
}
