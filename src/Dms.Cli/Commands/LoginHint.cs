namespace Dms.Cli.Commands;

/// <summary>
/// The dmscli login command line a "log in (again)" message shows, with the TLS trust this
/// dmscli already uses, so it works when pasted: without --ca-cert, a dms init certificate fails.
/// </summary>
internal static class LoginHint
{
    public static string For(Uri? baseUrl, string? caCert, bool insecure)
    {
        var url = baseUrl?.GetLeftPart(UriPartial.Authority) ?? "https://<DMS-Server>:443";
        var trust = caCert is not null ? $" --ca-cert={caCert}" : insecure ? " --insecure-skip-tls-verify" : " --ca-cert=<tls.crt>";
        return $"dmscli login --username=<user> --base-url={url}{trust}";
    }
}
