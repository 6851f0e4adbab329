using Common.IO;
using YamlDotNet.Serialization;

namespace Dms.Service.Clusters;

/// <summary>
/// The operator-visible mirror of the registry (spec §4 clusters.yaml), rewritten atomically after a
/// successful attach and after a detach — never by a failed attach.
/// </summary>
internal sealed class ClustersYaml(string path) : IDisposable
{
    private static readonly ISerializer Serializer = new SerializerBuilder().Build();
    private readonly SemaphoreSlim _rewriting = new(1, 1);

    public string Path => path;

    /// <summary>
    /// Reads the registry and writes it out as one step: two rewrites that each read, then wrote,
    /// could otherwise finish in the other order and leave the older list on disk.
    /// </summary>
    public async Task RewriteAsync(ClusterRegistry registry, CancellationToken ct)
    {
        await _rewriting.WaitAsync(ct);
        try
        {
            Write(await registry.ListAsync(ct));
        }
        finally
        {
            _rewriting.Release();
        }
    }

    public void Dispose() => _rewriting.Dispose();

    private void Write(IEnumerable<ClusterRecord> clusters)
    {
        var document = new Dictionary<string, object>
        {
            ["clusters"] = clusters.OrderBy(c => c.Id, StringComparer.Ordinal)
                .Select(c => new Dictionary<string, object> { ["uuid"] = c.Id, ["mgmtEps"] = c.ApiEndpoints.ToList() })
                .ToList(),
        };
        AtomicFile.WriteAllText(path, Serializer.Serialize(document));
    }
}
