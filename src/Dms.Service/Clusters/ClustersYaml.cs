using Lightbits.Api.IO;
using YamlDotNet.Serialization;

namespace Dms.Service.Clusters;

/// <summary>
/// The operator-visible mirror of the registry (spec §4 clusters.yaml), rewritten atomically after a
/// successful attach and after a detach — never by a failed attach.
/// </summary>
internal sealed class ClustersYaml(string path)
{
    private static readonly ISerializer Serializer = new SerializerBuilder().Build();

    public string Path => path;

    public void Write(IEnumerable<ClusterRecord> clusters)
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
