using Dms.Cli.Api;
using Dms.Contracts.Clusters;

namespace Dms.Cli.Resolving;

/// <summary>
/// Turns the cluster names of <see cref="ClusterOption"/> into UUIDs through GET /api/v1/clusters
/// (asked at most once per command, and not at all when every value is a UUID).
/// </summary>
internal sealed class ClusterResolver(DmsClient client)
{
    private ClusterList? _clusters;

    public async Task<string> IdOfAsync(string flag, string reference, CancellationToken ct)
    {
        if (Guid.TryParseExact(reference, "D", out var uuid))
        {
            return uuid.ToString();
        }

        _clusters ??= await client.ListClustersAsync(ct);
        var matches = _clusters.Clusters.Where(c => c.Name == reference).ToList();
        return matches switch
        {
            [var only] => only.Id,
            [] => throw new CliException($"{flag} '{reference}': no attached cluster has that name or UUID; attached: {Known(_clusters.Clusters)}", ExitCodes.NotFound),
            _ => throw new CliException($"{flag} '{reference}' is the name of {matches.Count} attached clusters ({string.Join(", ", matches.Select(c => c.Id))}): give the UUID",
                ExitCodes.Usage),
        };
    }

    private static string Known(IReadOnlyList<Cluster> clusters) =>
        clusters.Count == 0 ? "none (dmscli attach cluster)" : string.Join(", ", clusters.Select(c => $"{c.Name ?? "(no name)"} ({c.Id})"));
}
