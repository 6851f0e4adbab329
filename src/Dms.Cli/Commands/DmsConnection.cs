using System.CommandLine;
using Dms.Cli.Api;
using Dms.Cli.Configuration;

namespace Dms.Cli.Commands;

/// <summary>Where and how to reach DMS: flags first, then what dmscli login saved.</summary>
internal sealed record DmsConnection(string ConfigPath, CliConfig Config, Uri BaseUrl, string? CaCert, bool Insecure, TimeSpan Timeout)
{
    /// <param name="loggingIn">For dmscli login, which needs a URL, not a login: no URL is then a usage error rather than "not logged in".</param>
    public static DmsConnection Resolve(ParseResult parse, bool loggingIn = false)
    {
        var configPath = parse.GetValue(GlobalOptions.Config) ?? CliConfigFile.DefaultPath;
        var config = CliConfigFile.Read(configPath);
        var (baseUrl, source) = parse.GetValue(GlobalOptions.BaseUrl) is { } flag ? (flag, "--base-url")
            : config.BaseUrl is { } saved ? (saved, $"base-url in {configPath}")
            : !loggingIn && !File.Exists(configPath) ? throw new CliException($"not logged in ({configPath} does not exist): run {LoginHint.For(null, null, false)}", ExitCodes.Auth)
            : throw new CliException($"no DMS URL: give --base-url=https://<DMS-Server>:443 or run dmscli login (nothing in {configPath})", ExitCodes.Usage);
        var caCert = parse.GetValue(GlobalOptions.CaCert) is { } given ? Path.GetFullPath(given) : config.CaCert;
        return new DmsConnection(configPath, config, ParseBaseUrl(baseUrl, source, parse.GetValue(GlobalOptions.AllowHttp)), caCert,
            parse.GetValue(GlobalOptions.Insecure) || config.InsecureSkipTlsVerify, GlobalOptions.TimeoutOf(parse));
    }

    /// <summary>A client that sends the saved token; without one the operator has to log in first.</summary>
    public DmsClient AuthenticatedClient()
    {
        var token = Config.Auth?.IdToken
            ?? throw new CliException($"not logged in ({ConfigPath} has no token): run {LoginHint.For(BaseUrl, CaCert, Insecure)}", ExitCodes.Auth);
        return TokenExpiry.Of(token) is { } expiry && expiry <= TimeProvider.System.GetUtcNow()
            ? throw new CliException($"your login expired at {expiry.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC (token in {ConfigPath}): run {LoginHint.For(BaseUrl, CaCert, Insecure)}", ExitCodes.Auth)
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
