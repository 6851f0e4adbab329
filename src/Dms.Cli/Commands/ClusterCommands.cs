using System.CommandLine;
using Cli.Common.Output;
using Dms.Cli.Input;
using Dms.Cli.Watching;
using Dms.Contracts.Clusters;

namespace Dms.Cli.Commands;

/// <summary>attach / list / refresh / detach cluster (spec §2, §5).</summary>
internal static class ClusterCommands
{
    public static void Register(Verbs verbs)
    {
        var endpoint = new Option<string>("--api-endpoint") { Description = "host:port of one of the cluster's API endpoints", Required = true };
        var attachWait = new WaitOptions("--wait", "Wait until the attach workflow ends, showing its progress on stderr; the exit code says how it ended");
        var attach = new Command("cluster", "Attach a Lightbits cluster (after importing the DMS credential into it); prints the workflowId") { endpoint };
        attachWait.AddTo(attach);
        attach.SetApiAction(async (parse, client, printer, ct) =>
        {
            var started = await client.AttachClusterAsync(new AttachClusterRequest { ApiEndpoint = parse.GetValue(endpoint) }, ct);
            return await StartedWorkflow.PrintAndWaitAsync(parse, client, printer, started, attachWait, ct);
        });
        verbs.Attach.Subcommands.Add(attach);

        var list = new Command("clusters", "List the attached clusters");
        list.SetApiAction(async (_, client, printer, ct) => printer.Print(await client.ListClustersAsync(ct), Columns, WideColumns));
        verbs.List.Subcommands.Add(list);

        var refreshWait = new WaitOptions("--wait", "Wait until the refresh workflow ends, showing its progress on stderr");
        var refresh = new Command("clusters", "Re-read every attached cluster's servers, endpoints and version; prints the workflowId");
        refreshWait.AddTo(refresh);
        refresh.SetApiAction(async (parse, client, printer, ct) =>
            await StartedWorkflow.PrintAndWaitAsync(parse, client, printer, await client.RefreshClustersAsync(ct), refreshWait, ct));
        verbs.Refresh.Subcommands.Add(refresh);

        var clusterId = InputOptions.Uuid("--cluster-id", "UUID of the cluster (see dmscli list clusters)");
        var detach = new Command("cluster", "Detach a cluster from DMS") { clusterId };
        detach.SetApiAction(async (parse, client, printer, ct) =>
        {
            var id = parse.GetValue(clusterId)!;
            printer.Print(await client.DetachClusterAsync(id, ct), _ => $"Detached cluster {id}\n");
        });
        verbs.Detach.Subcommands.Add(detach);
    }

    private static string Columns(ClusterList list) =>
        Table.Render(["ID", "Name", "Version", "Access", "Data"], list.Clusters.Select(c => (IReadOnlyList<string?>)
            [c.Id, c.Name, c.Version, c.ClusterConnectionStatus.AccessConnectionStatus.ToString(), c.ClusterConnectionStatus.DataConnectionStatus.ToString()]));

    private static string WideColumns(ClusterList list) =>
        Table.Render(["ID", "Name", "Version", "Access", "Data", "API endpoints", "Discovery endpoints", "Subsystem NQN"],
            list.Clusters.Select(c => (IReadOnlyList<string?>)
            [
                c.Id, c.Name, c.Version, c.ClusterConnectionStatus.AccessConnectionStatus.ToString(), c.ClusterConnectionStatus.DataConnectionStatus.ToString(),
                string.Join(",", c.ApiEndpoints), string.Join(",", c.DiscoveryEndpoints), c.SubsystemNqn,
            ]));
}
