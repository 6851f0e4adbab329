using System.CommandLine;
using Cli.Common.Commands;
using Common.Text;
using Dms.Cli.Api;
using Dms.Cli.Input;
using Dms.Cli.Resolving;
using Dms.Cli.Watching;
using Dms.Contracts;
using Dms.Contracts.Cloning;

namespace Dms.Cli.Commands;

/// <summary>
/// `dmscli thick-clone volume|snapshot` (spec §3 ThickClone*Request, §5): the same flags for both;
/// a snapshot clone also takes --description. Everything optional is inherited from the source when absent.
/// </summary>
internal static class ThickCloneCommands
{
    private const int MaxDescriptionLength = 256; // spec §3 DstSnapshotInfo

    public static void Register(Verbs verbs)
    {
        verbs.ThickClone.Subcommands.Add(Create("volume", "a new volume", Routes.ThickCloneVolume, withDescription: false));
        verbs.ThickClone.Subcommands.Add(Create("snapshot", "a new snapshot", Routes.ThickCloneSnapshot, withDescription: true));
    }

    private static Command Create(string noun, string what, string path, bool withDescription)
    {
        var srcClusterId = ClusterOption.Create("--src-cluster-id", "The cluster that holds the source snapshot");
        var srcProject = InputOptions.Name("--src-proj-name", "Project of the source snapshot");
        var srcSnapId = InputOptions.Uuid("--src-snap-id", "UUID of the source snapshot (or give --src-snap-name)", required: false);
        var srcSnapName = InputOptions.Name("--src-snap-name", "Name of the source snapshot in --src-proj-name, looked up by DMS (instead of --src-snap-id)", required: false);
        srcSnapName.CompletionSources.Add(ServerCompletions.SnapshotNames);
        var dstClusterId = ClusterOption.Create("--dst-cluster-id", "The cluster to create the copy on");
        var dryRun = new Option<bool>("--dry-run") { Description = "Check everything DMS would check (clusters, snapshot, name free, project, size, replicas, QoS) and print what would be created; start nothing" };
        var dstProject = InputOptions.Name("--dst-proj-name", "Project of the copy (default: the source's)", required: false);
        var dstName = InputOptions.Name("--dst-name", $"Name of {what}");
        var replica = InputOptions.Between("--replica-count", "Replicas of the copy, 1-3 (default: the source's)", 1, 3);
        var size = InputOptions.Size("--size", "Size of the copy, bytes or with a unit: 10g, 10GiB, 1.5TiB, 500 MiB, 1tb (default: the source's; never smaller)");
        var sectorSize = new Option<int?>("--sector-size") { Description = "Sector size of the copy, 512 or 4096 (default: the source's)" };
        sectorSize.AcceptOnlyFromAmong("512", "4096");
        // A size of whole 512-byte sectors may still not fill 4096-byte ones; the source's sector size is the server's to check.
        sectorSize.Validators.Add(result =>
        {
            // Read from the token: a value AcceptOnlyFromAmong refuses has no typed value to get.
            if (result.Tokens is [var sectorToken] && sectorToken.Value is "512" or "4096" && result.GetResult(size) is { Tokens: [var token] } sizeResult && !sizeResult.Errors.Any()
                && result.GetValue(size) is { } bytes && bytes % int.Parse(sectorToken.Value, System.Globalization.CultureInfo.InvariantCulture) is not 0)
            {
                result.AddError($"--size '{token.Value}' = {SizeText.NotWholeSectors(bytes, int.Parse(sectorToken.Value, System.Globalization.CultureInfo.InvariantCulture))}");
            }
        });
        var compression = new Option<bool?>("--compression") { Description = "Compress the copy: true or false (default: the source's)" };
        var qos = new Option<string?>("--qos-policy-name") { Description = "QoS policy of the copy, by name (default: the source volume's while it exists, else the destination project's default)" };
        var verify = new Option<bool>("--verify") { Description = "Read the copy back after copying and prove it equals the source" };
        var description = new Option<string?>("--description") { Description = $"Description of the snapshot (at most {MaxDescriptionLength} characters)" };
        description.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { Length: > MaxDescriptionLength } text)
            {
                result.AddError($"--description has {text.Length} characters; at most {MaxDescriptionLength} are allowed");
            }
        });
        var wait = new WaitOptions("--wait", "Wait until the copy ends, showing its progress on stderr; the exit code says how it ended");

        var command = new Command(noun, $"Copy every block of a snapshot into {what} on any attached cluster; prints the workflowId")
        {
            srcClusterId, srcProject, srcSnapId, srcSnapName, dstClusterId, dstProject, dstName, replica, size, sectorSize, compression, qos, verify, dryRun,
        };
        command.Validators.Add(SnapshotSource.ExactlyOne(srcSnapId, srcSnapName));
        if (withDescription)
        {
            command.Options.Add(description);
        }

        wait.AddTo(command);
        command.SetApiAction(async (parse, client, printer, ct) =>
        {
            var clusters = new ClusterResolver(client);
            var request = new ThickCloneRequest
            {
                Src = new SrcSnapshotInfo
                {
                    ClusterId = await clusters.IdOfAsync(srcClusterId.Name, parse.GetValue(srcClusterId)!, ct),
                    ProjectName = parse.GetValue(srcProject),
                    SnapId = parse.GetValue(srcSnapId),
                    SnapName = parse.GetValue(srcSnapName),
                },
                Dst = new DstInfo
                {
                    ClusterId = await clusters.IdOfAsync(dstClusterId.Name, parse.GetValue(dstClusterId)!, ct),
                    ProjectName = parse.GetValue(dstProject),
                    Name = parse.GetValue(dstName),
                    Replica = parse.GetValue(replica),
                    Size = parse.GetValue(size),
                    SectorSize = parse.GetValue(sectorSize),
                    Compression = parse.GetValue(compression),
                    QosPolicyName = parse.GetValue(qos),
                    Description = withDescription ? parse.GetValue(description) : null,
                },
                VerifyClone = parse.GetValue(verify),
            };
            if (parse.GetValue(dryRun))
            {
                printer.Print(await client.ThickCloneDryRunAsync(path, request, ct), DryRunText.Describe);
                return ExitCodes.Ok;
            }

            return await StartedWorkflow.PrintAndWaitAsync(parse, client, printer, await client.ThickCloneAsync(path, request, ct), wait, ct);
        });
        return command;
    }
}
