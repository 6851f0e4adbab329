using Common.Tls;
using Lightbits.Api.Http;

namespace Dms.Service.Clusters;

/// <summary>
/// Makes every management-API client DMS uses: a fresh cluster-admin token per request, the
/// certificate trust the caller decided, and bounded connect, request and response sizes.
/// </summary>
internal sealed class ClusterClientFactory(ClusterKeyRing keys, TimeProvider time, TimeSpan connectTimeout)
{
    public TimeSpan ConnectTimeout => connectTimeout;

    /// <param name="clusterId">How errors name the cluster; null before it is known (attach).</param>
    /// <param name="signWith">A key other than the current one (a promote's proof); by default each request is signed with the key current when it is sent.</param>
    public LightbitsClient Create(IReadOnlyList<string> endpoints, TlsOptions tls, int maxAttempts = 5, string? clusterId = null, ClusterKey? signWith = null) =>
        new(new LightbitsClientOptions
        {
            ClusterName = clusterId,
            Endpoints = endpoints,
            TokenProvider = signWith is null ? keys.Token : signWith.Token,
            Tls = tls,
            Time = time,
            MaxAttempts = maxAttempts,
            ConnectTimeout = connectTimeout,
            RequestTimeout = TimeSpan.FromSeconds(15),
        });

    public LightbitsClient Create(ClusterRecord cluster, int maxAttempts = 5, ClusterKey? signWith = null) =>
        Create(cluster.ApiEndpoints, cluster.Tls().Options, maxAttempts, cluster.Id, signWith);
}
