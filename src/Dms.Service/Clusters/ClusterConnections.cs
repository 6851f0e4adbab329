using System.Collections.Concurrent;
using Lightbits.Api;
using Lightbits.Api.Http;

namespace Dms.Service.Clusters;

/// <summary>
/// Authenticated management-API clients for attached clusters: DMS's cluster-admin JWT and the
/// certificate trust decided at attach. Workflow steps get their <see cref="ILightbitsCluster"/> here.
/// A client replaced (the record changed on refresh or re-attach) or forgotten (detach) is never
/// disposed here: a step may still be using it, and an ObjectDisposedException there would fail a
/// copy of hours and roll it back. It stays usable for those calls; once nothing holds it, its idle
/// connections close on their own and it is collected. Only shutdown disposes the current ones.
/// </summary>
internal sealed class ClusterConnections(ClusterRegistry registry, ClusterClientFactory factory) : IDisposable
{
    private readonly ConcurrentDictionary<string, (ClusterRecord Record, LightbitsClient Client)> _clients = new(StringComparer.Ordinal);

    /// <summary>A client for attached cluster <paramref name="clusterId"/>; null when it is not attached.</summary>
    public async Task<ILightbitsCluster?> FindAsync(string clusterId, CancellationToken ct)
    {
        var record = await registry.FindAsync(clusterId, ct);
        if (record is null)
        {
            Forget(clusterId);
            return null;
        }

        return For(record);
    }

    /// <summary>A cached client for the cluster as <paramref name="record"/> describes it (endpoints and pin).</summary>
    public ILightbitsCluster For(ClusterRecord record)
    {
        if (_clients.TryGetValue(record.Id, out var cached) && SameConnection(cached.Record, record))
        {
            return cached.Client;
        }

        var client = factory.Create(record);
        _clients[record.Id] = (record, client);
        return client;
    }

    public void Forget(string clusterId) => _clients.TryRemove(clusterId, out _);

    public void Dispose()
    {
        foreach (var (_, (_, client)) in _clients)
        {
            client.Dispose();
        }
    }

    private static bool SameConnection(ClusterRecord a, ClusterRecord b) =>
        a.TlsSha256 == b.TlsSha256 && a.TlsTrust == b.TlsTrust && a.TlsCaPem == b.TlsCaPem && a.ApiEndpoints.SequenceEqual(b.ApiEndpoints, StringComparer.Ordinal);
}
