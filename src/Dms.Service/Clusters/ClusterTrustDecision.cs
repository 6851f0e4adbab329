using Common.Tls;
using Dms.Service.Configuration;
using Dms.Workflows;

namespace Dms.Service.Clusters;

/// <summary>
/// The cluster trust model (DESIGN §8): which certificates DMS sends a cluster-admin token to, and
/// which attach may replace an attached cluster's record. Every refusal happens before a token is
/// sent, and says what was presented and how to trust it deliberately.
/// </summary>
internal static class ClusterTrustDecision
{
    /// <summary>How the endpoint attach reaches is trusted, from the request's anchor, the system store, or first use.</summary>
    public static ClusterTls Decide(PresentedCertificate presented, TrustAnchor? anchor, ClusterTrustMode mode)
    {
        var shown = $"{presented.Endpoint} presents a certificate with fingerprint sha256:{presented.Fingerprint}";
        if (anchor is { Fingerprints.Count: > 0 } pins)
        {
            return pins.Fingerprints.Contains(presented.Fingerprint, StringComparer.Ordinal)
                ? new ClusterTls(ClusterTls.Pinned, pins.Fingerprints, null)
                : throw Refused($"{shown}, not the tlsFingerprint given ({string.Join(", ", pins.Fingerprints.Select(f => "sha256:" + f))}); nothing was sent to it");
        }

        if (anchor is { CaPem: { } pem })
        {
            var tls = new ClusterTls(ClusterTls.Ca, [presented.Fingerprint], pem);
            return presented.IsTrustedBy(tls.Options)
                ? tls
                : throw Refused($"{shown} that the given caCert does not vouch for (not signed by it, or not issued for that host name); nothing was sent to it");
        }

        if (presented.IsTrustedBy(TlsOptions.System))
        {
            return new ClusterTls(ClusterTls.Ca, [presented.Fingerprint], null);
        }

        return mode == ClusterTrustMode.FirstUse
            ? new ClusterTls(ClusterTls.FirstUse, [presented.Fingerprint], null)
            : throw Refused($"{shown} that no CA trusted on this host vouches for, and dms.yaml says clusterTrust: pinned. " +
                $"Check that fingerprint on the cluster's server (openssl x509 -noout -fingerprint -sha256 -in <its API certificate>), then attach with " +
                $"--tls-fingerprint sha256:{presented.Fingerprint}, or give the cluster's CA with --cluster-ca-cert FILE");
    }

    /// <summary>Another server the cluster lists, trusted by the same rule as the first; null when that rule does not vouch for it.</summary>
    public static ClusterTls? Extend(ClusterTls trust, PresentedCertificate presented) => trust.Trust switch
    {
        // Each server may have a certificate of its own; first use covers the servers the
        // first-use endpoint named, in the same attach.
        ClusterTls.FirstUse => trust.With(presented.Fingerprint),
        ClusterTls.Ca when presented.IsTrustedBy(trust.Options) => trust.With(presented.Fingerprint),
        ClusterTls.Pinned when presented.IsTrustedBy(trust.Options) => trust,
        _ => null,
    };

    /// <summary>
    /// Before any token is sent: an endpoint of an attached cluster that now presents a certificate
    /// its record does not trust is refused unless the request anchors the new one.
    /// </summary>
    public static void CheckKnownEndpoint(PresentedCertificate presented, TrustAnchor? anchor, IEnumerable<ClusterRecord> attached)
    {
        if (anchor is not null)
        {
            return;
        }

        foreach (var cluster in attached.Where(c => c.ApiEndpoints.Contains(presented.Endpoint, StringComparer.OrdinalIgnoreCase)))
        {
            if (!presented.IsTrustedBy(cluster.Tls().Options))
            {
                throw Conflict($"{presented.Endpoint} is an API endpoint of attached cluster {Describe(cluster)}, and its certificate changed: it now presents " +
                    $"sha256:{presented.Fingerprint}, which DMS does not trust for it ({cluster.TlsTrust}). If the cluster's certificate was rotated, " +
                    $"attach again with --tls-fingerprint sha256:{presented.Fingerprint} (or --cluster-ca-cert FILE) after checking it on the cluster; nothing was sent to it");
            }
        }
    }

    /// <summary>
    /// After reading the cluster: a UUID that is already attached may only be re-attached through
    /// one of its own endpoints with a certificate its record trusts, or with a matching anchor
    /// (the path for a rotated certificate or moved endpoints). Anything else is an impostor or a
    /// mistake, and the record stays as it is.
    /// </summary>
    public static void CheckIdentity(ClusterRecord existing, PresentedCertificate presented, TrustAnchor? anchor)
    {
        var known = existing.ApiEndpoints.Contains(presented.Endpoint, StringComparer.OrdinalIgnoreCase) && presented.IsTrustedBy(existing.Tls().Options);
        if (anchor is null && !known)
        {
            throw Conflict($"cluster {Describe(existing)} is already attached through {string.Join(", ", existing.ApiEndpoints)}; " +
                $"{presented.Endpoint} (certificate sha256:{presented.Fingerprint}) reports the same cluster UUID but is not one of its trusted endpoints. " +
                "Nothing was changed. If the cluster really moved or rotated its certificate, attach again with --tls-fingerprint or --cluster-ca-cert; " +
                "otherwise that endpoint is impersonating the cluster");
        }
    }

    private static string Describe(ClusterRecord cluster) => cluster.Name is { Length: > 0 } name ? $"{cluster.Id} ({name})" : cluster.Id;

    private static WorkflowStepException Refused(string message) => WorkflowStepException.Permanent("untrusted certificate: " + message, ErrorSide.UserInput);

    private static WorkflowStepException Conflict(string message) => WorkflowStepException.Permanent("conflict: " + message, ErrorSide.UserInput);
}
