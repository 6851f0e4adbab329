using System.Security.Cryptography.X509Certificates;
using Common.Tls;

namespace Dms.Service.Clusters;

/// <summary>
/// How DMS trusts a cluster's API certificates (DESIGN §8), as stored with the cluster and shown
/// as <c>tlsTrust</c>/<c>tlsFingerprints</c> (spec §3 Cluster): <c>first-use</c> and <c>pinned</c>
/// trust exactly the fingerprints; <c>ca</c> trusts what the stored CA (or, without one, the
/// system store) signed for the endpoint's name, and lists the fingerprints seen at attach.
/// </summary>
internal sealed record ClusterTls(string Trust, IReadOnlyList<string> Fingerprints, string? CaPem)
{
    public const string FirstUse = "first-use";
    public const string Pinned = "pinned";
    public const string Ca = "ca";

    public TlsOptions Options => Trust == Ca
        ? new TlsOptions { TrustedRoots = CaPem is null ? null : Load(CaPem) }
        : new TlsOptions { PinnedSha256 = string.Join(',', Fingerprints) };

    public ClusterTls With(string fingerprint) =>
        Fingerprints.Contains(fingerprint, StringComparer.Ordinal) ? this : this with { Fingerprints = [.. Fingerprints, fingerprint] };

    private static X509Certificate2Collection Load(string pem)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(pem);
        return certificates;
    }
}
