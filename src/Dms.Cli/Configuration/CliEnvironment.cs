namespace Dms.Cli.Configuration;

/// <summary>
/// The environment variables dmscli reads, for scripts and CI (as lbcli reads LBCLI_ENDPOINT and
/// LBCLI_JWT). Precedence everywhere: the flag, then the variable, then the config file.
/// </summary>
internal static class CliEnvironment
{
    public const string BaseUrl = "DMSCLI_BASE_URL";
    public const string Token = "DMSCLI_TOKEN";
    public const string Config = "DMSCLI_CONFIG";
    public const string CaCert = "DMSCLI_CA_CERT";
    public const string Context = "DMSCLI_CONTEXT";

    /// <summary>The variable's value; unset and empty are the same (an exported empty variable sets nothing).</summary>
    public static string? Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
