using System.CommandLine;
using System.Text;
using Cli.Common.Commands;
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
        var get = new Command("credential",
            "Show the DMS service credentials (pubKeyId and base64 PEM pubKey) to import into a cluster with lbcli; during a key rotation also the next " +
            "or previous key and what to do with it (-o wide: the PEMs)");
        get.SetApiAction(async (_, client, printer, ct) =>
            printer.Print(await client.GetServiceCredentialsAsync(ct), c => printer.Fields(c with { Next = null }) + Guidance(c), Wide));
        verbs.Get.Subcommands.Add(get);

        var promote = new Command("credential",
            "Make the next cluster key (dms cluster-key new) the one DMS signs with, after checking that every attached cluster accepts it; " +
            "refused, naming the clusters, when one does not");
        promote.SetApiAction(async (_, client, printer, ct) =>
            printer.Print(await client.PromoteServiceCredentialsAsync(ct), c => $"DMS now signs with {c.PubKeyId}.\n" + Guidance(c), Wide));
        verbs.Promote.Subcommands.Add(promote);
    }

    private static string Guidance(ServiceCredentials c)
    {
        var text = new StringBuilder();
        if (c.Next is { } next)
        {
            text.Append($"""
                next: {next.PubKeyId} (not signing yet). Import it on every attached cluster:
                  dmscli get credential -o json | jq -r .next.pubKey | base64 -d > {next.PubKeyId}.pem
                  lbcli create credential --project-name=system --type=rsa256pubkey --id={next.PubKeyId} {next.PubKeyId}.pem
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
        var text = new StringBuilder($"pubKeyId: {c.PubKeyId}\n{Pem(c.PubKey)}");
        if (c.Next is { } next)
        {
            text.Append($"next pubKeyId: {next.PubKeyId}\n{Pem(next.PubKey)}");
        }

        return text.Append(Guidance(c)).ToString();
    }

    private static string Pem(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));
}
