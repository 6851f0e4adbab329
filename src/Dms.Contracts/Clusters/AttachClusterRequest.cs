using System.Text.Json.Serialization;

namespace Dms.Contracts.Clusters;

/// <summary>Body of POST /api/v1/clusters; echoed as the workflow's <c>attachClusterRequest</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AttachClusterRequest
{
    /// <summary><c>host:port</c> of one API endpoint of the cluster.</summary>
    public string? ApiEndpoint { get; init; }

    /// <summary>[OURS] PEM of the CA that signed the cluster's API certificates; trusted for this cluster only.</summary>
    public string? CaCert { get; init; }

    /// <summary>[OURS] <c>sha256:HEX</c> of the API certificate (several, comma-separated, for servers with their own).</summary>
    public string? TlsFingerprint { get; init; }
}

/// <summary>Body of POST /api/v1/clusters/refresh: nothing to say yet.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RefreshClustersRequest;
