using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Common.IO;

namespace Lightbits.Emulator.Hosting;

/// <summary>
/// The cluster's self-signed API certificate, made at first start (as a Lightbits install does,
/// spec lightbits-api.md §1) and kept in the data dir so clients can pin it across restarts.
/// </summary>
internal static class TlsCertificate
{
    /// <param name="addresses">The addresses it is served on: each becomes a name of the certificate.</param>
    public static X509Certificate2 LoadOrCreate(string certPath, string keyPath, IEnumerable<IPAddress> addresses, string clusterName)
    {
        if (!File.Exists(certPath) || !File.Exists(keyPath))
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest($"CN={clusterName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            foreach (var address in addresses.Where(a => !a.Equals(IPAddress.Loopback)))
            {
                names.AddIpAddress(address);
            }
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
            var now = DateTimeOffset.UtcNow;
            using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(5));
            AtomicFile.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem(), secret: true);
            AtomicFile.WriteAllText(certPath, certificate.ExportCertificatePem());
        }
        return X509Certificate2.CreateFromPemFile(certPath, keyPath);
    }
}
