using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dms.Service.Configuration;

/// <summary>The service's HTTPS certificate: self-signed by `dms init` (DESIGN §8), or one the operator put in its place.</summary>
internal static class TlsCertificate
{
    public static (string CertPem, string KeyPem) CreateSelfSigned(IReadOnlyList<string> hostNames, TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hostNames[0]}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in hostNames)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The host's names as clients are likely to reach it.</summary>
    public static IReadOnlyList<string> DefaultHostNames()
    {
        var names = new List<string> { Dns.GetHostName(), "localhost", "127.0.0.1", "::1" };
        return [.. names.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    public static X509Certificate2 Load(ConfigDir dir)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(dir.TlsCertFile, dir.TlsKeyFile);
        }
        catch (Exception e) when (e is CryptographicException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            throw new ConfigException($"cannot load the TLS certificate {dir.TlsCertFile} with key {dir.TlsKeyFile}: {e.Message}", e);
        }
    }
}
