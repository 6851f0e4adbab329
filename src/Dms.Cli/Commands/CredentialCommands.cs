using System.CommandLine;
using System.Text;
using Cli.Common.Commands;
using Common.IO;
using Dms.Contracts.Auth;

namespace Dms.Cli.Commands;

/// <summary>
/// `dmscli get credential`: the key an operator imports into each cluster (spec §3 Service
/// credentials), and during a rotation what to do next; `dmscli promote credential`: the switch.
/// </summary>
internal static class CredentialCommands
{
    public static void Register(Verbs verbs)
    {
        var pemFile = new Option<string?>("--pem-file")
        {
            Description = "Write the public key as a PEM file (mode 0644) and print the lbcli command that imports it",
            HelpName = "file",
        };
        var next = new Option<bool>("--next")
        {
            Description = "With --pem-file: the next key of a cluster-key rotation (dms cluster-key new) instead of the current one",
        };
        var get = new Command("credential",
            "Show the DMS service credential that each cluster must trust before it is attached. The two steps:\n" +
            "  1. dmscli get credential --pem-file dms.pem\n" +
            "  2. on the cluster: lbcli create credential --project-name=system --type=rsa256pubkey --id=<pubKeyId> dms.pem\n" +
            "During a key rotation it also shows the next or previous key and what to do with it. " +
            "-o json|yaml prints the API's pubKeyId and pubKey (base64 of the PEM); -o wide prints the PEMs")
        {
            pemFile,
            next,
        };
        get.SetApiAction(async (parse, client, printer, ct) =>
        {
            var credentials = await client.GetServiceCredentialsAsync(ct);
            if (parse.GetValue(pemFile) is { } file)
            {
                var key = !parse.GetValue(next) ? new ServiceKey { PubKeyId = credentials.PubKeyId, PubKey = credentials.PubKey }
                    : credentials.Next ?? throw new CliException("--next: no cluster-key rotation is under way (start one with dms cluster-key new on the DMS host)", ExitCodes.Conflict);
                // Public: the cluster admin's tools read it; atomic, so lbcli never sees half a key.
                AtomicFile.WriteAllBytes(file, Pem(key.PubKey));
                Console.Out.WriteLine($"Wrote the DMS public key {key.PubKeyId} to {file}; import it into each cluster with:");
                Console.Out.WriteLine(ImportCommand(key.PubKeyId, file));
                return;
            }

            printer.Print(credentials, Table, Wide);
        });
        verbs.Get.Subcommands.Add(get);

        var promote = new Command("credential",
            "Make the next cluster key (dms cluster-key new) the one DMS signs with, after checking that every attached cluster accepts it; " +
            "refused, naming the clusters, when one does not");
        promote.SetApiAction(async (_, client, printer, ct) =>
            printer.Print(await client.PromoteServiceCredentialsAsync(ct), c => $"DMS now signs with {c.PubKeyId}.\n" + Guidance(c), Wide));
        verbs.Promote.Subcommands.Add(promote);
    }

    private static string ImportCommand(string pubKeyId, string file) =>
        $"lbcli create credential --project-name=system --type=rsa256pubkey --id={pubKeyId} {file}";

    // The 600-character base64 line helps nobody at a terminal: the id, and how to get the key into a cluster.
    private static string Table(ServiceCredentials c) =>
        $"pubKeyId  {c.PubKeyId}\n" +
        $"Import the key into each cluster: dmscli get credential --pem-file dms.pem, then\n{ImportCommand(c.PubKeyId, "dms.pem")}\n" +
        Guidance(c);

    private static string Guidance(ServiceCredentials c)
    {
        var text = new StringBuilder();
        if (c.Next is { } next)
        {
            text.Append($"""

                next: {next.PubKeyId} (not signing yet). Import it on every attached cluster:
                  dmscli get credential --next --pem-file {next.PubKeyId}.pem
                  {ImportCommand(next.PubKeyId, next.PubKeyId + ".pem")}
                then: dmscli promote credential

                """);
        }

        if (c.PreviousPubKeyId is { } previous)
        {
            text.Append($"""

                previous: {previous} (replaced). Once every dms instance shows pubKeyId {c.PubKeyId}, delete it on every cluster:
                  lbcli delete credential --project-name=system --id={previous}

                """);
        }

        return text.ToString();
    }

    // The decoded PEMs, ready for `lbcli create credential … FILE`.
    private static string Wide(ServiceCredentials c)
    {
        var text = new StringBuilder($"pubKeyId: {c.PubKeyId}\n{Encoding.UTF8.GetString(Pem(c.PubKey))}");
        if (c.Next is { } next)
        {
            text.Append($"next pubKeyId: {next.PubKeyId}\n{Encoding.UTF8.GetString(Pem(next.PubKey))}");
        }

        return text.Append(Guidance(c)).ToString();
    }

    private static byte[] Pem(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new CliException("DMS answered a pubKey that is not base64", ExitCodes.Failed);
        }
    }
}
