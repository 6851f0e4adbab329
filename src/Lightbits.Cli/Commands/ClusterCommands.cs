using System.CommandLine;
using Cli.Common.Commands;
using Lightbits.Api.Model;
using Cli.Common.Output;

namespace Lightbits.Cli.Commands;

internal static class ClusterCommands
{
    public static void Register(Verbs verbs)
    {
        var get = new Command("cluster", "Show the cluster (UUID, subsystem NQN, endpoints)");
        get.SetClusterAction(async (parse, client, printer, ct) => printer.Print(await client.GetClusterAsync(ct), printer.Fields));
        verbs.Get.Subcommands.Add(get);

        var nodes = new Command("nodes", "List nodes and their NVMe endpoints");
        nodes.SetClusterAction(async (parse, client, printer, ct) =>
            printer.Print(new NodeList { Nodes = await client.ListNodesAsync(ct) }, l => Table.Render(["Name", "UUID", "State", "NVMe endpoint"],
                l.Nodes.Select(n => (IReadOnlyList<string?>)[n.Name, n.Uuid, n.State.ToString(), n.NvmeEndpoint]))));
        verbs.List.Subcommands.Add(nodes);

        var servers = new Command("servers", "List servers");
        servers.SetClusterAction(async (parse, client, printer, ct) =>
            printer.Print(new ServerList { Servers = await client.ListServersAsync(ct) }, l => Table.Render(["NAME", "UUID", "State", "Version"],
                l.Servers.Select(s => (IReadOnlyList<string?>)[s.Name, s.Uuid, s.State.ToString(), s.LightOSVersion]))));
        verbs.List.Subcommands.Add(servers);
    }
}
