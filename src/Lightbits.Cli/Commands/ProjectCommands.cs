using System.CommandLine;
using Cli.Common.Commands;
using Lightbits.Api.Model;
using Cli.Common.Output;

namespace Lightbits.Cli.Commands;

internal static class ProjectCommands
{
    public static void Register(Verbs verbs)
    {
        var name = new Option<string>("--name") { Description = "Project name", Required = true };
        var description = new Option<string?>("--description") { Description = "Free text, at most 256 bytes" };
        var create = new Command("project", "Create a project (tenant)") { name, description };
        create.SetClusterAction(async (parse, client, printer, ct) =>
        {
            var project = await client.CreateProjectAsync(new CreateProjectRequest { Name = parse.GetValue(name), Description = parse.GetValue(description) }, ct);
            printer.Print(project, p => Render([p]));
        });
        verbs.Create.Subcommands.Add(create);

        var list = new Command("projects", "List projects");
        list.SetClusterAction(async (parse, client, printer, ct) =>
            printer.Print(new ProjectList { Projects = await client.ListProjectsAsync(ct) }, l => Render(l.Projects)));
        verbs.List.Subcommands.Add(list);

        var deleteName = new Option<string>("--name") { Description = "Project name", Required = true };
        var delete = new Command("project", "Delete an empty project") { deleteName };
        delete.SetClusterAction(async (parse, client, printer, ct) =>
        {
            await client.DeleteProjectAsync(parse.GetValue(deleteName)!, ct);
            printer.Print(new { }, _ => $"project {parse.GetValue(deleteName)} deleted\n");
        });
        verbs.Delete.Subcommands.Add(delete);
    }

    private static string Render(IEnumerable<Project> projects) =>
        Table.Render(["Name", "UUID", "Description"], projects.Select(p => (IReadOnlyList<string?>)[p.Name, p.Uuid, p.Description]));
}
