using System.CommandLine.Completions;
using System.Text.Json;
using Dms.Cli.Api;
using Dms.Cli.Commands;

namespace Dms.Cli.Resolving;

/// <summary>
/// Shell completions that ask DMS (cluster names, workflow ids), with the connection every command
/// would use. Completion runs on every TAB: it gets a short budget and says nothing when it cannot
/// answer (no config, not logged in, DMS down) — the shell just offers no suggestions.
/// There is none for snapshot names: DMS has no route that lists a cluster's snapshots.
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

    private static List<CompletionItem> Ask(CompletionContext context, Func<DmsClient, CancellationToken, Task<IEnumerable<string>>> query)
    {
        try
        {
            using var budget = new CancellationTokenSource(Budget);
            using var client = (DmsConnection.Resolve(context.ParseResult) with { Timeout = Budget }).AuthenticatedClient();
            var words = query(client, budget.Token).GetAwaiter().GetResult();
            return [.. words.Where(w => w.Length > 0 && w.StartsWith(context.WordToComplete, StringComparison.Ordinal)).Distinct().Select(w => new CompletionItem(w))];
        }
        catch (Exception e) when (e is CliException or OperationCanceledException or IOException or UnauthorizedAccessException or JsonException)
        {
            return [];
        }
    }
}
