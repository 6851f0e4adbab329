using System.CommandLine;
using Dms.Cli.Api;
using Dms.Cli.Configuration;

namespace Dms.Cli.Commands;

/// <summary>
/// Where and how to reach DMS. Each setting comes from its flag, else its DMSCLI_* variable, else
/// the context in dms-cli.yaml: the one named by --context/DMSCLI_CONTEXT, else the one saved for
/// the --base-url given, else the current one.
/// </summary>
internal sealed record DmsConnection(string ConfigPath, CliContexts Contexts, string ContextName, CliConfig Config, string? GivenBaseUrl,
    Uri BaseUrl, string? CaCert, bool Insecure, TimeSpan Timeout)
{
    /// <param name="loggingIn">
    /// dmscli login, which needs a URL, not a login (no URL is then a usage error rather than "not
    /// logged in"), and for which a --context that does not exist yet is the one it will make.
    /// </param>
    public static DmsConnection Resolve(ParseResult parse, bool loggingIn = false)
    {
        var configPath = ConfigPathOf(parse);
        var contexts = CliConfigFile.Read(configPath);
        var (given, source) = parse.GetValue(GlobalOptions.BaseUrl) is { } flag ? (flag, "--base-url")
            : CliEnvironment.Get(CliEnvironment.BaseUrl) is { } variable ? (variable, CliEnvironment.BaseUrl)
            : ((string?)null, (string?)null);
        var givenUrl = given is null ? null : ParseBaseUrl(given, source!, parse.GetValue(GlobalOptions.AllowHttp));
        var named = parse.GetValue(GlobalOptions.Context) ?? CliEnvironment.Get(CliEnvironment.Context);
        var context = named is not null ? (loggingIn ? contexts.Find(named) : contexts.Require(named, configPath))
            : givenUrl is not null ? contexts.FindByBaseUrl(givenUrl) ?? (loggingIn ? null : contexts.Current)
            : contexts.Current;
        var config = context?.Config ?? new CliConfig();
        var baseUrl = givenUrl ?? (config.BaseUrl is { } saved
            ? ParseBaseUrl(saved, $"base-url of context '{context!.Name}' in {configPath}", parse.GetValue(GlobalOptions.AllowHttp))
            : !loggingIn && !File.Exists(configPath) ? throw new CliException($"not logged in ({configPath} does not exist): run {LoginHint.For(null, null, false)}", ExitCodes.Auth)
            : throw new CliException($"no DMS URL: give --base-url=https://<DMS-Server>:443 (or set {CliEnvironment.BaseUrl}) or run dmscli login (nothing in {configPath})", ExitCodes.Usage));
        var caCert = (parse.GetValue(GlobalOptions.CaCert) ?? CliEnvironment.Get(CliEnvironment.CaCert)) is { } file ? Path.GetFullPath(file) : config.CaCert;
        var name = context?.Name ?? named ?? contexts.NameFor(baseUrl);
        return new DmsConnection(configPath, contexts, name, config, given, baseUrl, caCert,
            parse.GetValue(GlobalOptions.Insecure) || config.InsecureSkipTlsVerify, GlobalOptions.TimeoutOf(parse));
    }

    /// <summary>--config, else DMSCLI_CONFIG, else ~/.local/dms/dms-cli.yaml.</summary>
    public static string ConfigPathOf(ParseResult parse) =>
        parse.GetValue(GlobalOptions.Config) ?? CliEnvironment.Get(CliEnvironment.Config) ?? CliConfigFile.DefaultPath;

    /// <summary>A client that sends DMSCLI_TOKEN or the context's token; without one the operator has to log in first.</summary>
    public DmsClient AuthenticatedClient()
    {
        var fromEnvironment = CliEnvironment.Get(CliEnvironment.Token);
        var token = fromEnvironment ?? Config.Auth?.IdToken
            ?? throw new CliException($"not logged in (no {CliEnvironment.Token}, and context '{ContextName}' in {ConfigPath} has no token): run {LoginHint.For(BaseUrl, CaCert, Insecure)}", ExitCodes.Auth);
        var where = fromEnvironment is not null ? $"token in {CliEnvironment.Token}" : $"token of context '{ContextName}' in {ConfigPath}";
        return TokenExpiry.Of(token) is { } expiry && expiry <= TimeProvider.System.GetUtcNow()
            ? throw new CliException($"your login expired at {expiry.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC ({where}): run {LoginHint.For(BaseUrl, CaCert, Insecure)}", ExitCodes.Auth)
            : Client(token);
    }

    public DmsClient Client(string? idToken) => new(BaseUrl, TlsTrust.Handler(CaCert, Insecure), idToken, Timeout);

    // "dms.example:443" means HTTPS, the only scheme DMS serves by default (spec §1).
    private static Uri ParseBaseUrl(string text, string source, bool allowHttp)
    {
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Host.Length == 0)
        {
            throw new CliException($"'{text}' (from {source}) is not a URL like https://<DMS-Server>:443", ExitCodes.Usage);
        }

        // Refused before anything is sent: login would send the password, every other command the token.
        return uri.Scheme == "http" && !allowHttp
            ? throw new CliException($"'{text}' (from {source}) is plain http://, which would send the password and token unencrypted: use https://, or add --allow-http to accept that", ExitCodes.Usage)
            : new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
    }
}
