using System.CommandLine.Completions;
using System.Text.Json;
using Dms.Cli.Api;
using Dms.Cli.Commands;

namespace Dms.Cli.Resolving;

/// <summary>
/// Shell completions that ask DMS (cluster names, workflow ids, snapshot names), with the connection
/// every command would use. Completion runs on every TAB: it gets a short budget and says nothing
/// when it cannot answer (no config, not logged in, DMS down) — the shell just offers no suggestions.
/// </summary>
internal static class ServerCompletions
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    // Workflows an operator is likely to follow or cancel are offered first.
    private static readonly string[] Active = ["RUNNING", "PENDING", "CANCELING"];

    public static IEnumerable<CompletionItem> ClusterNames(CompletionContext context) =>
        Ask(context, async (client, ct) => (await client.ListClustersAsync(ct)).Clusters.Select(c => c.Name ?? ""));

    /// <summary>The newest page of workflows, the active ones first.</summary>
    public static IEnumerable<CompletionItem> WorkflowIds(CompletionContext context) =>
        Ask(context, async (client, ct) => (await client.ListWorkflowsAsync(100, null, ct)).Workflows
            .OrderBy(w => Active.Contains(w.State) ? 0 : 1)
            .Select(w => w.Id));

    /// <summary>
    /// The Available snapshots of --src-proj-name (default: "default") on --src-cluster-id, once the
    /// command line names the cluster: GET /api/v1/clusters/{id}/snapshots.
    /// </summary>
    public static IEnumerable<CompletionItem> SnapshotNames(CompletionContext context) =>
        Ask(context, async (client, ct) =>
        {
            if (context.ParseResult.GetValue<string>("--src-cluster-id") is not { } cluster)
            {
                return [];
            }

            var id = await new ClusterResolver(client).IdOfAsync("--src-cluster-id", cluster, ct);
            var project = context.ParseResult.GetValue<string>("--src-proj-name") ?? "default";
            return (await client.ListClusterSnapshotsAsync(id, project, ct)).Snapshots.Where(s => s.State == "Available").Select(s => s.Name);
        });

    private static List<CompletionItem> Ask(CompletionContext context, Func<DmsClient, CancellationToken, Task<IEnumerable<string>>> query)
    {
        try
        {
            using var budget = new CancellationTokenSource(Budget);
            using var client = (DmsConnection.Resolve(context.ParseResult) with { Timeout = Budget }).AuthenticatedClient();
            var words = query(client, budget.Token).GetAwaiter().GetResult();
            return [.. words.Where(w => w.Length > 0 && w.StartsWith(context.WordToComplete, StringComparison.Ordinal)).Distinct().Select(w => new CompletionItem(w))];
        }
        catch (Exception e) when (e is CliException or OperationCanceledException or IOException or UnauthorizedAccessException or JsonException
            or InvalidOperationException)
        {
            return [];
        }
    }
}
