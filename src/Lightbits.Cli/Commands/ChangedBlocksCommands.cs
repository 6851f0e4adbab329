using System.CommandLine;
using System.Globalization;
using Cli.Common.Commands;
using Lightbits.Api.ChangedBlocks;
using Cli.Common.Output;

namespace Lightbits.Cli.Commands;

internal static class ChangedBlocksCommands
{
    public static void Register(Verbs verbs)
    {
        // lbcli list changed-blocks --project-name P --current-snapshot-uuid U [--base-snapshot-uuid B] [--offset-lba N] -o json
        var project = CommonOptions.Project();
        var current = new Option<string>("--current-snapshot-uuid") { Description = "Snapshot whose blocks to list", Required = true };
        var baseSnapshot = new Option<string?>("--base-snapshot-uuid") { Description = "Older snapshot of the same volume: list only what changed since" };
        var offset = new Option<ulong>("--offset-lba") { Description = "LBA to start at (aligned down to 64)" };
        var list = new Command("changed-blocks", "List the LBA ranges of a snapshot that hold data (or changed since a base)") { project, current, baseSnapshot, offset };
        list.SetClusterAction(async (parse, client, printer, ct) =>
        {
            var page = await client.ListChangedBlocksAsync(parse.GetValue(project)!, parse.GetValue(current)!, parse.GetValue(baseSnapshot), parse.GetValue(offset), ct);
            printer.Print(page, p =>
                Table.Render(["LBA start", "LBAs"], p.LbaRanges.SelectMany(ChangedExtents.Decode).Select(e => (IReadOnlyList<string?>)[
                    e.Start.ToString(CultureInfo.InvariantCulture), e.Count.ToString(CultureInfo.InvariantCulture)]))
                + (p.NextOffsetLba == 0 ? "" : $"more: --offset-lba {p.NextOffsetLba}\n"));
        });
        verbs.List.Subcommands.Add(list);
    }
}
