using System.CommandLine;
using Cli.Common.Commands;
using Dms.Contracts.Auth;

namespace Dms.Cli.Commands;

/// <summary>`dmscli get credential`: the key an operator imports into each cluster (spec §3 Service credentials).</summary>
internal static class CredentialCommands
{
    public static void Register(Verbs verbs)
    {
        var get = new Command("credential", "Show the DMS service credentials (pubKeyId and base64 PEM pubKey) to import into a cluster with lbcli");
        get.SetApiAction(async (_, client, printer, ct) =>
            printer.Print(await client.GetServiceCredentialsAsync(ct), printer.Fields, Wide));
        verbs.Get.Subcommands.Add(get);
    }

    // The decoded PEM, ready for `lbcli create credential … FILE`.
    private static string Wide(ServiceCredentials credentials) =>
        $"pubKeyId: {credentials.PubKeyId}\n{System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(credentials.PubKey))}";
}
