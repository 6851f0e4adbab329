using Cli.Common.Output;
using Dms.Cli.Api;
using Dms.Contracts.Clusters;

namespace Dms.Cli.Views;

/// <summary>
/// Cluster UUIDs as the operator knows them: by the name each cluster reports (GET /api/v1/clusters).
/// A cluster DMS no longer has (detached since) keeps its UUID, so nothing is ever hidden.
/// </summary>
internal sealed class ClusterNames(IReadOnlyDictionary<string, string> names)
{
    public static readonly ClusterNames None = new(new Dictionary<string, string>());

    public static ClusterNames From(ClusterList list) =>
        new(list.Clusters.Where(c => !string.IsNullOrEmpty(c.Name)).ToDictionary(c => c.Id, c => c.Name!, StringComparer.OrdinalIgnoreCase));

    /// <summary>The attached clusters' names; none when they cannot be listed, so a view still prints (with UUIDs).</summary>
    public static async Task<ClusterNames> FetchAsync(DmsClient client, CancellationToken ct)
    {
        try
        {
            return From(await client.ListClustersAsync(ct));
        }
        catch (CliException)
        {
            return None;
        }
    }

    /// <summary>Names for a human view; JSON, YAML and -o name show the API's UUIDs, so for them DMS is asked nothing more.</summary>
    public static Task<ClusterNames> ForViewAsync(Printer printer, DmsClient client, CancellationToken ct) =>
        printer.Format is OutputFormat.Table or OutputFormat.Wide ? FetchAsync(client, ct) : Task.FromResult(None);

    /// <summary>"cluster-a", or the UUID when the name is unknown.</summary>
    public string Short(string id) => names.TryGetValue(id, out var name) ? name : id;

    /// <summary>"cluster-a (4cb2e0bf-…)": both, for describe views where the UUID is what other commands take.</summary>
    public string Long(string id) => names.TryGetValue(id, out var name) ? $"{name} ({id})" : id;
}
