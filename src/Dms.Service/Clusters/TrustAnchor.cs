using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Common.Tls;
using Dms.Contracts.Clusters;

namespace Dms.Service.Clusters;

/// <summary>
/// What an attach request says to trust (spec §2 Attach cluster [OURS]): the cluster's CA
/// certificate(s) in PEM, or the SHA-256 fingerprints of its servers' certificates.
/// </summary>
internal sealed record TrustAnchor(IReadOnlyList<string> Fingerprints, string? CaPem)
{
    public X509Certificate2Collection CaCertificates()
    {
        var certificates = new X509Certificate2Collection();
        if (CaPem is not null)
        {
            certificates.ImportFromPem(CaPem);
        }

        return certificates;
    }

    /// <summary>Null when the request gives neither; <see cref="FormatException"/> naming the field when one is malformed.</summary>
    public static TrustAnchor? From(AttachClusterRequest request)
    {
        if (request.CaCert is not null && request.TlsFingerprint is not null)
        {
            throw new FormatException("give caCert or tlsFingerprint, not both");
        }

        if (request.TlsFingerprint is { } text)
        {
            var fingerprints = new List<string>();
            foreach (var item in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                fingerprints.Add(TlsOptions.TryNormalizeFingerprint(item, out var fingerprint)
                    ? fingerprint
                    : throw new FormatException($"tlsFingerprint '{item}' is not sha256:<64 hex digits> (e.g. from `openssl x509 -noout -fingerprint -sha256 -in server.crt`)"));
            }

            return fingerprints.Count > 0 ? new TrustAnchor(fingerprints, null) : throw new FormatException("tlsFingerprint is empty");
        }

        if (request.CaCert is { } pem)
        {
            var anchor = new TrustAnchor([], pem);
            try
            {
                if (anchor.CaCertificates().Count == 0)
                {
                    throw new FormatException("caCert holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
                }
            }
            catch (CryptographicException e)
            {
                throw new FormatException($"caCert is not a PEM certificate: {e.Message}", e);
            }

            return anchor;
        }

        return null;
    }
}
