using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Common.Tls;

namespace Dms.Cli.Api;

/// <summary>
/// How dmscli decides to trust DMS's certificate: the system's CAs, plus the certificates of
/// --ca-cert (dms init makes a self-signed one), or nothing at all with --insecure-skip-tls-verify.
/// </summary>
internal static class TlsTrust
{
    public static SocketsHttpHandler Handler(string? caCertFile, bool insecure) =>
        // Name mismatches stay fatal with --ca-cert: only the chain's anchor is replaced (TlsOptions).
        new TlsOptions { SkipVerification = insecure, TrustedRoots = insecure || caCertFile is null ? null : Load(caCertFile) }.CreateHandler();

    private static X509Certificate2Collection Load(string file)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new CliException($"--ca-cert {file}: {e.Message}", ExitCodes.Usage);
        }

        return certificates.Count > 0 ? certificates : throw new CliException($"--ca-cert {file} holds no PEM certificate", ExitCodes.Usage);
    }
}
