using Lightbits.Api;
using Lightbits.Api.Model;

namespace Dms.Service.Clusters;

/// <summary>Reads what DMS keeps about a cluster (spec §3 Cluster) from its management API.</summary>
internal static class ClusterReader
{
    public static async Task<ClusterRecord> ReadAsync(ILightbitsCluster cluster, ClusterTls tls, DateTimeOffset attachedAt, CancellationToken ct)
    {
        var info = await cluster.GetClusterAsync(ct);
        var nodes = await cluster.ListNodesAsync(ct);
        var servers = await cluster.ListServersAsync(ct);
        var uuid = RequiredField.Text(info.Uuid, cluster.Name, "GET /api/v2/cluster", "UUID");
        var record = new ClusterRecord
        {
            Id = uuid,
            Name = info.ClusterName,
            Version = LowestVersion(info, servers),
            SubsystemNqn = info.SubsystemNqn,
            ApiEndpoints = info.ApiEndpoints is { Count: > 0 } endpoints ? endpoints : [.. servers.SelectMany(s => s.ApiEndpoints ?? [])],
            DiscoveryEndpoints = info.DiscoveryEndpoints ?? [],
            Nodes = [.. nodes.Where(n => n.Uuid is not null).Select(n => new ClusterNode(n.Uuid!, n.Name, n.NvmeEndpoint))],
            TlsSha256 = "",
            AttachedAt = attachedAt,
        };
        return record.WithTls(tls);
    }

    /// <summary>Spec §3: the lowest Lightbits version among the servers; the cluster's own minimum when servers do not say.</summary>
    private static string? LowestVersion(ClusterInfo info, IReadOnlyList<Server> servers)
    {
        var versions = servers.Select(s => s.LightOSVersion).OfType<string>().Where(v => v.Length > 0).ToList();
        return versions.Count == 0 ? info.MinVersionInCluster : versions.MinBy(VersionKey, Comparer<Version>.Default);
    }

    /// <summary>"3.10.1~b123" → 3.10.1; unparsable versions sort last.</summary>
    private static Version VersionKey(string text)
    {
        var numeric = new string([.. text.TakeWhile(c => char.IsAsciiDigit(c) || c == '.')]);
        return Version.TryParse(numeric.Contains('.', StringComparison.Ordinal) ? numeric : numeric + ".0", out var v) ? v : new Version(int.MaxValue, 0);
    }
}
