using System.CommandLine;
using Common.IO;
using Dms.Service.Auth;
using Dms.Service.Clusters;

namespace Dms.Service.Configuration;

/// <summary>
/// `dms cluster-key new` and `dms session-key rotate`: the host-side steps of the key rotations in
/// docs/operations.md. They only write files in the config dir; a running dms reads them (the next
/// cluster key when asked for it, the session key on SIGHUP).
/// </summary>
internal static class KeyCommands
{
    public static IEnumerable<Command> Create(Option<string> configDir)
    {
        var clusterKey = new Command("cluster-key", "Rotate the key DMS signs cluster tokens with (docs/operations.md)");
        var newKey = new Command("new", "Make the next cluster key beside the current one (never replaces either); import it on every cluster, then `dmscli promote credential`")
        {
            configDir,
        };
        newKey.SetAction(parse => Run("dms cluster-key new", () => NewClusterKey(new ConfigDir(parse.GetValue(configDir)!))));
        clusterKey.Subcommands.Add(newKey);

        var sessionKey = new Command("session-key", "Rotate the secret that signs users' session tokens");
        var rotate = new Command("rotate", "Replace the session key; after SIGHUP (systemctl reload dms) every session token issued before is refused") { configDir };
        rotate.SetAction(parse => Run("dms session-key rotate", () => RotateSessionKey(new ConfigDir(parse.GetValue(configDir)!))));
        sessionKey.Subcommands.Add(rotate);
        return [clusterKey, sessionKey];
    }

    /// <returns>What to tell the operator.</returns>
    /// <exception cref="ConfigException">A next key exists already (it is kept), or the config dir is unreadable.</exception>
    internal static string NewClusterKey(ConfigDir dir, int bits = 3072)
    {
        var next = dir.ClusterKey(ClusterKeySlot.Next);
        if (next.Exist)
        {
            throw new ConfigException(
                $"a next cluster key exists already: {next.ReadPubKeyId()} in {next.PemFile}; it was left as it is. Import it on every cluster " +
                "and promote it (`dmscli get credential` says how), or delete both its files to make another");
        }

        next.WriteNew(bits);
        var id = next.ReadPubKeyId();
        return $"""
            created {next.PemFile} and {next.IdFile}: next cluster key {id}
            DMS keeps signing with {dir.ClusterKey(ClusterKeySlot.Current).ReadPubKeyId()} until it is promoted. Next:
              1. other dms instances on the same store: copy both files into their config dir
              2. every attached cluster: import it (`dmscli get credential` says how):
                 lbcli create credential --project-name=system --type=rsa256pubkey --id={id} {id}.pem
              3. dmscli promote credential
            """;
    }

    internal static string RotateSessionKey(ConfigDir dir)
    {
        AtomicFile.WriteAllText(dir.SessionKeyFile, SessionKey.New().Serialize(), secret: true);
        return $"replaced {dir.SessionKeyFile}; `systemctl reload dms` (SIGHUP) puts it in use: every session token issued before is then refused and users log in again. " +
            "Copy it to the other dms instances on the same store and reload them too";
    }

    private static int Run(string command, Func<string> action)
    {
        try
        {
            Console.Out.WriteLine(action());
            return 0;
        }
        catch (Exception e) when (e is ConfigException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{command}: {e.Message}");
            return 1;
        }
    }
}
