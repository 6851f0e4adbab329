using System.CommandLine;
using Cli.Common.Commands;
using Common.IO;
using Dms.Contracts.Auth;

namespace Dms.Cli.Commands;

/// <summary>`dmscli get credential`: the key an operator imports into each cluster (spec §3 Service credentials).</summary>
internal static class CredentialCommands
{
    public static void Register(Verbs verbs)
    {
        var pemFile = new Option<string?>("--pem-file")
        {
            Description = "Write the public key as a PEM file (mode 0644) and print the lbcli command that imports it",
            HelpName = "file",
        };
        var get = new Command("credential",
            "Show the DMS service credential that each cluster must trust before it is attached. The two steps:\n" +
            "  1. dmscli get credential --pem-file dms.pem\n" +
            "  2. on the cluster: lbcli create credential --project-name=system --type=rsa256pubkey --id=<pubKeyId> dms.pem\n" +
            "-o json|yaml prints the API's pubKeyId and pubKey (base64 of the PEM); -o wide prints the PEM")
        {
            pemFile,
        };
        get.SetApiAction(async (parse, client, printer, ct) =>
        {
            var credentials = await client.GetServiceCredentialsAsync(ct);
            if (parse.GetValue(pemFile) is { } file)
            {
                // Public: the cluster admin's tools read it; atomic, so lbcli never sees half a key.
                AtomicFile.WriteAllBytes(file, Pem(credentials));
                Console.Out.WriteLine($"Wrote the DMS public key to {file}; import it into each cluster with:");
                Console.Out.WriteLine(ImportCommand(credentials, file));
                return;
            }

            printer.Print(credentials, Table, Wide);
        });
        verbs.Get.Subcommands.Add(get);
    }

    private static byte[] Pem(ServiceCredentials credentials)
    {
        try
        {
            return Convert.FromBase64String(credentials.PubKey);
        }
        catch (FormatException)
        {
            throw new CliException("DMS answered a pubKey that is not base64", ExitCodes.Failed);
        }
    }

    private static string ImportCommand(ServiceCredentials credentials, string file) =>
        $"lbcli create credential --project-name=system --type=rsa256pubkey --id={credentials.PubKeyId} {file}";

    // The 600-character base64 line helps nobody at a terminal: the id, and how to get the key into a cluster.
    private static string Table(ServiceCredentials credentials) =>
        $"pubKeyId  {credentials.PubKeyId}\n" +
        $"Import the key into each cluster: dmscli get credential --pem-file dms.pem, then\n{ImportCommand(credentials, "dms.pem")}\n";

    // The decoded PEM, ready for `lbcli create credential … FILE`.
    private static string Wide(ServiceCredentials credentials) =>
        $"pubKeyId: {credentials.PubKeyId}\n{System.Text.Encoding.UTF8.GetString(Pem(credentials))}";
}
