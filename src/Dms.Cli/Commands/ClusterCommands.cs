using System.CommandLine;
using Cli.Common;
using Cli.Common.Commands;
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
        var fingerprint = new Option<string?>("--tls-fingerprint")
        {
            Description = "Trust only this API certificate: sha256:HEX (comma-separated for servers with their own); check it on the cluster first",
            HelpName = "sha256:hex",
        };
        // Not --ca-cert: that global option already names the certificate that DMS itself presents.
        var caCert = new Option<string?>("--cluster-ca-cert")
        {
            Description = "Trust the cluster's API certificates signed by the CA in this PEM file (the name must match the endpoint)",
            HelpName = "file",
        };
        var attach = new Command("cluster",
            "Attach a Lightbits cluster (after importing the DMS credential into it); prints the workflowId. " +
            "Without --tls-fingerprint or --cluster-ca-cert, a certificate no system CA vouches for is trusted on first use unless dms.yaml says clusterTrust: pinned")
        {
            endpoint, fingerprint, caCert,
        };
        attachWait.AddTo(attach);
        attach.SetApiAction(async (parse, client, printer, ct) =>
        {
            var request = new AttachClusterRequest
            {
                ApiEndpoint = parse.GetValue(endpoint),
                TlsFingerprint = parse.GetValue(fingerprint),
                CaCert = parse.GetValue(caCert) is { } file ? ReadPem(file) : null,
            };
            if (request.TlsFingerprint is not null && request.CaCert is not null)
            {
                throw new CliException("give --tls-fingerprint or --cluster-ca-cert, not both");
            }

            var started = await client.AttachClusterAsync(request, ct);
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

        var clusterId = new IdInput("--cluster-id", [], "cluster", "UUID of the cluster (see dmscli list clusters)");
        var detach = new Command("cluster", "Detach a cluster from DMS");
        clusterId.AddTo(detach);
        detach.SetApiAction(async (parse, client, printer, ct) =>
        {
            var id = clusterId.Value(parse);
            printer.Print(await client.DetachClusterAsync(id, ct), _ => $"Detached cluster {id}\n");
        });
        verbs.Detach.Subcommands.Add(detach);
    }

    private static string ReadPem(string file)
    {
        try
        {
            var pem = File.ReadAllText(file);
            return pem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? pem
                : throw new CliException($"--cluster-ca-cert {file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--cluster-ca-cert {file}: {e.Message}");
        }
    }

    private static string Columns(ClusterList list) =>
        Table.Render(["ID", "Name", "Version", "Access", "Data"], list.Clusters.Select(c => (IReadOnlyList<string?>)
            [c.Id, c.Name, c.Version, c.ClusterConnectionStatus.AccessConnectionStatus.ToString(), c.ClusterConnectionStatus.DataConnectionStatus.ToString()]));

    private static string WideColumns(ClusterList list) =>
        Table.Render(["ID", "Name", "Version", "Access", "Data", "API endpoints", "Discovery endpoints", "Subsystem NQN", "TLS trust", "TLS fingerprints",
                "Changed blocks", "Inherited listed"],
            list.Clusters.Select(c => (IReadOnlyList<string?>)
            [
                c.Id, c.Name, c.Version, c.ClusterConnectionStatus.AccessConnectionStatus.ToString(), c.ClusterConnectionStatus.DataConnectionStatus.ToString(),
                string.Join(",", c.ApiEndpoints), string.Join(",", c.DiscoveryEndpoints), c.SubsystemNqn, c.TlsTrust, string.Join(",", c.TlsFingerprints),
                ChangedBlocks(c.ChangedBlocksCheck), c.ChangedBlocksCheck?.InheritedBlocksListed switch { true => "yes", false => "no", null => "-" },
            ]));

    /// <summary>The self-check's result, with what it saw when that was not <c>verified</c>.</summary>
    private static string ChangedBlocks(ChangedBlocksCheck? check) => check switch
    {
        null => "-",
        { Detail: null } => check.Result.ToString().ToLowerInvariant(),
        _ => $"{check.Result.ToString().ToLowerInvariant()} ({check.Detail})",
    };
}
