using System.CommandLine;
using Cli.Common.Commands;
using Common.Text;
using Lightbits.Api.Model;
using Cli.Common.Output;

namespace Lightbits.Cli.Commands;

internal static class SnapshotCommands
{
    public static void Register(Verbs verbs)
    {
        var project = CommonOptions.Project();
        var name = new Option<string>("--name") { Description = "Snapshot name", Required = true };
        var volumeUuid = new Option<string?>("--source-volume-uuid") { Description = "Volume to snapshot" };
        var volumeName = new Option<string?>("--source-volume-name") { Description = "Volume to snapshot, by name" };
        var description = new Option<string?>("--description") { Description = "Free text, at most 256 bytes" };
        var create = new Command("snapshot", "Take a point-in-time snapshot of a volume") { project, name, volumeUuid, volumeName, description };
        create.SetClusterAction(async (parse, client, printer, ct) =>
        {
            if (parse.GetValue(volumeUuid) is null && parse.GetValue(volumeName) is null)
            {
                throw new CliException("give --source-volume-uuid or --source-volume-name");
            }
            var snapshot = await client.CreateSnapshotAsync(parse.GetValue(project)!, new CreateSnapshotRequest
            {
                Name = parse.GetValue(name), SourceVolumeUuid = parse.GetValue(volumeUuid),
                SourceVolumeName = parse.GetValue(volumeName), Description = parse.GetValue(description),
            }, ct);
            printer.Print(snapshot, s => Render([s]));
        });
        verbs.Create.Subcommands.Add(create);

        var listProject = CommonOptions.Project();
        var list = new Command("snapshots", "List a project's snapshots") { listProject };
        list.SetClusterAction(async (parse, client, printer, ct) =>
            printer.Print(new SnapshotList { Snapshots = await client.ListSnapshotsAsync(parse.GetValue(listProject)!, ct) }, l => Render(l.Snapshots)));
        verbs.List.Subcommands.Add(list);

        var getProject = CommonOptions.Project();
        var getUuid = CommonOptions.Uuid("snapshot");
        var getName = CommonOptions.Name("snapshot");
        var get = new Command("snapshot", "Show one snapshot") { getProject, getUuid, getName };
        get.SetClusterAction(async (parse, client, printer, ct) =>
            printer.Print(await Resolve.SnapshotAsync(client, parse.GetValue(getProject)!, parse.GetValue(getUuid), parse.GetValue(getName), ct), printer.Fields));
        verbs.Get.Subcommands.Add(get);

        var deleteProject = CommonOptions.Project();
        var deleteUuid = CommonOptions.Uuid("snapshot");
        var deleteName = CommonOptions.Name("snapshot");
        var delete = new Command("snapshot", "Delete a snapshot (its clones keep their data)") { deleteProject, deleteUuid, deleteName };
        delete.SetClusterAction(async (parse, client, printer, ct) =>
        {
            var snapshot = await Resolve.SnapshotAsync(client, parse.GetValue(deleteProject)!, parse.GetValue(deleteUuid), parse.GetValue(deleteName), ct);
            await client.DeleteSnapshotAsync(parse.GetValue(deleteProject)!, RequiredField.Text(snapshot.Uuid, client.Name, $"snapshot {snapshot.Name}", "UUID"), ct);
            printer.Print(new { }, _ => $"snapshot {snapshot.Name} ({snapshot.Uuid}) is being deleted\n");
        });
        verbs.Delete.Subcommands.Add(delete);
    }

    private static string Render(IEnumerable<Snapshot> snapshots) =>
        Table.Render(["Name", "UUID", "State", "Source Volume", "Size", "Created"],
            snapshots.Select(s => (IReadOnlyList<string?>)[
                s.Name, s.Uuid, s.State.ToString(), s.SourceVolumeName, Human.Size(s.Size), s.CreationTime?.ToString("u", System.Globalization.CultureInfo.InvariantCulture)]));
}
