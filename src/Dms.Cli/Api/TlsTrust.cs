using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dms.Cli.Api;

/// <summary>
/// How dmscli decides to trust DMS's certificate: the system's CAs, plus the certificates of
/// --ca-cert (dms init makes a self-signed one), or nothing at all with --insecure-skip-tls-verify.
/// </summary>
internal static class TlsTrust
{
    public static SocketsHttpHandler Handler(string? caCertFile, bool insecure)
    {
        var handler = new SocketsHttpHandler();
        if (insecure)
        {
#pragma warning disable CA5359 // what --insecure-skip-tls-verify asks for; never the default (DESIGN §8)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (caCertFile is not null)
        {
            var trusted = Load(caCertFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || (errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate is not null && ChainsTo(certificate, trusted));
        }

        return handler;
    }

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

    // Name mismatches stay fatal: only the chain's anchor is replaced by the given certificates.
    private static bool ChainsTo(X509Certificate certificate, X509Certificate2Collection trusted)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
