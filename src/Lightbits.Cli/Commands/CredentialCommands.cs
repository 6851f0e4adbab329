using System.CommandLine;
using System.Text;
using Cli.Common.Commands;
using Lightbits.Api.Model;
using Cli.Common.Output;

namespace Lightbits.Cli.Commands;

internal static class CredentialCommands
{
    public static void Register(Verbs verbs)
    {
        // The documented form: lbcli create credential --project-name=system --type=rsa256pubkey --id=<id> <pem-file>
        var project = CommonOptions.Project();
        var id = new Option<string>("--id") { Description = "Credential ID (the kid's second half)", Required = true };
        var type = new Option<string>("--type") { Description = "Credential type: rsa256pubkey", Required = true };
        var file = new Argument<FileInfo>("pem-file") { Description = "PEM file with the RSA public key" };
        var create = new Command("credential", "Upload a public key that signs JWTs for a project") { project, id, type, file };
        create.SetClusterAction(async (parse, client, printer, ct) =>
        {
            if (!string.Equals(parse.GetValue(type), "rsa256pubkey", StringComparison.OrdinalIgnoreCase))
            {
                throw new CliException($"--type \"{parse.GetValue(type)}\" is not supported; use rsa256pubkey");
            }
            var pem = parse.GetValue(file)!;
            if (!pem.Exists)
            {
                throw new CliException($"pem-file \"{pem.FullName}\" not found");
            }
            var credential = await client.CreateCredentialAsync(parse.GetValue(project)!, new CreateCredentialRequest
            {
                Id = parse.GetValue(id), Type = CredentialType.RS256PubKey, Payload = await File.ReadAllBytesAsync(pem.FullName, ct),
            }, ct);
            printer.Print(credential, c => Render([c]));
        });
        verbs.Create.Subcommands.Add(create);

        var listProject = CommonOptions.Project();
        var list = new Command("credentials", "List a project's credentials") { listProject };
        list.SetClusterAction(async (parse, client, printer, ct) =>
        {
            var credentials = await client.ListCredentialsAsync(parse.GetValue(listProject)!, ct);
            printer.Print(new CredentialList { Credentials = credentials }, l => Render(l.Credentials));
        });
        verbs.List.Subcommands.Add(list);

        var getProject = CommonOptions.Project();
        var getId = new Option<string>("--id") { Description = "Credential ID", Required = true };
        var get = new Command("credential", "Show one credential") { getProject, getId };
        get.SetClusterAction(async (parse, client, printer, ct) =>
        {
            var credential = await client.FindCredentialAsync(parse.GetValue(getProject)!, parse.GetValue(getId)!, ct)
                ?? throw new CliException($"credential \"{parse.GetValue(getId)}\" not found in project \"{parse.GetValue(getProject)}\"", ExitCodes.NotFound);
            printer.Print(credential, c => Render([c]) + Encoding.UTF8.GetString(c.Payload ?? []));
        });
        verbs.Get.Subcommands.Add(get);

        var deleteProject = CommonOptions.Project();
        var deleteId = new Option<string>("--id") { Description = "Credential ID", Required = true };
        var delete = new Command("credential", "Delete a credential (tokens it signed stop working)") { deleteProject, deleteId };
        delete.SetClusterAction(async (parse, client, printer, ct) =>
        {
            await client.DeleteCredentialAsync(parse.GetValue(deleteProject)!, parse.GetValue(deleteId)!, ct);
            printer.Print(new { }, _ => $"credential {parse.GetValue(deleteId)} deleted\n");
        });
        verbs.Delete.Subcommands.Add(delete);
    }

    private static string Render(IEnumerable<Credential> credentials) =>
        Table.Render(["ID", "Project", "Type"], credentials.Select(c => (IReadOnlyList<string?>)[c.Id, c.ProjectName, c.Type.ToString()]));
}
