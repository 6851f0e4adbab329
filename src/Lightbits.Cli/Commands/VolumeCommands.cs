using System.CommandLine;
using System.Globalization;
using Cli.Common.Commands;
using Common.Text;
using Lightbits.Api.Model;
using Cli.Common.Output;

namespace Lightbits.Cli.Commands;

internal static class VolumeCommands
{
    public static void Register(Verbs verbs)
    {
        // Documented form: lbcli create volume --name=vol1 --size="4 Gib" --acl=acl1 --replica-count=1 [--compression] [--project-name]
        var project = CommonOptions.Project();
        var name = new Option<string>("--name") { Description = "Volume name", Required = true };
        var size = new Option<string>("--size") { Description = "Size, e.g. \"4 Gib\" or bytes", Required = true };
        var acl = new Option<string[]>("--acl") { Description = "Host NQN(s) allowed, comma-separated or repeated; ALLOW_ANY or ALLOW_NONE", DefaultValueFactory = _ => [StringList.AllowNone], AllowMultipleArgumentsPerToken = false };
        var replicas = new Option<uint>("--replica-count") { Description = "Replicas, 1-3", DefaultValueFactory = _ => 1 };
        var compression = new Option<bool>("--compression") { Description = "Enable compression" };
        var sectorSize = new Option<uint?>("--sector-size") { Description = "512 or 4096 (default 4096)" };
        var ipAcl = new Option<string[]?>("--ip-acl") { Description = "Client IP addresses allowed (default ALLOW_ANY)" };
        var source = new Option<string?>("--source-snapshot-uuid") { Description = "Create a clone of this snapshot" };
        var create = new Command("volume", "Create a volume (or a clone of a snapshot)") { project, name, size, acl, replicas, compression, sectorSize, ipAcl, source };
        create.SetClusterAction(async (parse, client, printer, ct) =>
        {
            if (!SizeParser.TryParse(parse.GetValue(size), out _, out var error))
            {
                throw new CliException($"--size: {error}");
            }
            var volume = await client.CreateVolumeAsync(parse.GetValue(project)!, new CreateVolumeRequest
            {
                Name = parse.GetValue(name),
                Size = parse.GetValue(size),
                Acl = new StringList { Values = SplitList(parse.GetValue(acl)!) },
                IpAcl = parse.GetValue(ipAcl) is { Length: > 0 } ips ? new StringList { Values = SplitList(ips) } : null,
                ReplicaCount = parse.GetValue(replicas),
                Compression = parse.GetValue(compression) ? "true" : "false",
                SectorSize = parse.GetValue(sectorSize),
                SourceSnapshotUuid = parse.GetValue(source),
            }, ct);
            printer.Print(volume, v => Render([v]));
        });
        verbs.Create.Subcommands.Add(create);

        var listProject = CommonOptions.Project();
        var list = new Command("volumes", "List a project's volumes") { listProject };
        list.SetClusterAction(async (parse, client, printer, ct) =>
            printer.Print(new VolumeList { Volumes = await client.ListVolumesAsync(parse.GetValue(listProject)!, ct) }, l => Render(l.Volumes)));
        verbs.List.Subcommands.Add(list);

        var getProject = CommonOptions.Project();
        var getUuid = CommonOptions.Uuid("volume");
        var getName = CommonOptions.Name("volume");
        var get = new Command("volume", "Show one volume") { getProject, getUuid, getName };
        get.SetClusterAction(async (parse, client, printer, ct) =>
            printer.Print(await Resolve.VolumeAsync(client, parse.GetValue(getProject)!, parse.GetValue(getUuid), parse.GetValue(getName), ct), printer.Fields));
        verbs.Get.Subcommands.Add(get);

        var deleteProject = CommonOptions.Project();
        var deleteUuid = CommonOptions.Uuid("volume");
        var deleteName = CommonOptions.Name("volume");
        var delete = new Command("volume", "Delete a volume") { deleteProject, deleteUuid, deleteName };
        delete.SetClusterAction(async (parse, client, printer, ct) =>
        {
            var volume = await Resolve.VolumeAsync(client, parse.GetValue(deleteProject)!, parse.GetValue(deleteUuid), parse.GetValue(deleteName), ct);
            var project = volume.ProjectName is { Length: > 0 } reported ? reported : parse.GetValue(deleteProject)!;
            await client.DeleteVolumeAsync(project, RequiredField.Text(volume.Uuid, client.Name, $"volume {volume.Name}", "UUID"), ct);
            printer.Print(new { }, _ => $"volume {volume.Name} ({volume.Uuid}) is being deleted\n");
        });
        verbs.Delete.Subcommands.Add(delete);

        var updateProject = CommonOptions.Project();
        var updateUuid = CommonOptions.Uuid("volume");
        var updateName = CommonOptions.Name("volume");
        var updateAcl = new Option<string[]?>("--acl") { Description = "New ACL (replaces the list)" };
        var updateSize = new Option<string?>("--size") { Description = "New size (growing is online)" };
        var update = new Command("volume", "Change a volume's ACL or size") { updateProject, updateUuid, updateName, updateAcl, updateSize };
        update.SetClusterAction(async (parse, client, printer, ct) =>
        {
            var projectName = parse.GetValue(updateProject)!;
            var volume = await Resolve.VolumeAsync(client, projectName, parse.GetValue(updateUuid), parse.GetValue(updateName), ct);
            var newAcl = parse.GetValue(updateAcl);
            await client.UpdateVolumeAsync(projectName, RequiredField.Text(volume.Uuid, client.Name, $"volume {volume.Name}", "UUID"), _ => new UpdateVolumeRequest
            {
                Acl = newAcl is null ? null : new StringList { Values = SplitList(newAcl) },
                Size = parse.GetValue(updateSize),
            }, ct);
            printer.Print(new { }, _ => $"volume {volume.Name} ({volume.Uuid}) is being updated\n");
        });
        verbs.Update.Subcommands.Add(update);
    }

    private static List<string> SplitList(IEnumerable<string> values) =>
        [.. values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    private static string Render(IEnumerable<Volume> volumes) =>
        Table.Render(["Name", "UUID", "State", "Protection State", "NSID", "Size", "Replicas", "Compression", "ACL"],
            volumes.Select(v => (IReadOnlyList<string?>)[
                v.Name, v.Uuid, v.State.ToString(), v.ProtectionState.ToString(), v.Nsid.ToString(CultureInfo.InvariantCulture),
                Human.Size(v.Size), v.ReplicaCount.ToString(CultureInfo.InvariantCulture), v.Compression,
                string.Join(",", v.Acl?.Values ?? [])]));
}
