using Common.Tls;
using Lightbits.Api.Http;

namespace Dms.Service.Clusters;

/// <summary>
/// Makes every management-API client DMS uses: a fresh cluster-admin token per request, the
/// certificate trust the caller decided, and bounded connect, request and response sizes.
/// </summary>
internal sealed class ClusterClientFactory(ClusterKey key, TimeProvider time, TimeSpan connectTimeout)
{
    public TimeSpan ConnectTimeout => connectTimeout;

    /// <param name="clusterId">How errors name the cluster; null before it is known (attach).</param>
    public LightbitsClient Create(IReadOnlyList<string> endpoints, TlsOptions tls, int maxAttempts = 5, string? clusterId = null) =>
        new(new LightbitsClientOptions
        {
            ClusterName = clusterId,
            Endpoints = endpoints,
            TokenProvider = key.Token,
            Tls = tls,
            Time = time,
            MaxAttempts = maxAttempts,
            ConnectTimeout = connectTimeout,
            RequestTimeout = TimeSpan.FromSeconds(15),
        });

    public LightbitsClient Create(ClusterRecord cluster, int maxAttempts = 5) => Create(cluster.ApiEndpoints, cluster.Tls().Options, maxAttempts, cluster.Id);
}
