using System.CommandLine;
using Cli.Common.Parsing;

namespace Dms.Cli.Parsing;

/// <summary>
/// The examples each command's --help ends with: the public guide's commands, spelled as the guide
/// spells them (<c>get workflow --id</c>, <c>cancel workflow --wid</c>), then the shortcuts.
/// </summary>
internal static class CommandExamples
{
    private const string Uuid = "4cb2e0bf-20fa-5720-8cc2-1a11fe3e9850";

    private static readonly string[] CloneSource =
    [
        "  --src-cluster-id 6d7f14cf-64ac-4a63-9696-0a88a94b2288 \\",
        "  --src-proj-name default \\",
        "  --src-snap-id 6d7f14cf-64ac-4a63-9696-0a88a94b22c3 \\",
        "  --dst-cluster-id 6d7f14cf-64ac-4a63-9696-0a88a94b2288 \\",
        "  --dst-proj-name default \\",
    ];

    private static readonly Dictionary<string, string[]> Examples = new(StringComparer.Ordinal)
    {
        [""] =
        [
            "dmscli login --username=admin --base-url=https://<DMS-Server>:443 --ca-cert=tls.crt",
            "dmscli list clusters",
            "dmscli get workflow <wid> --watch",
        ],
        ["login"] =
        [
            "# tls.crt: a copy of the DMS server's /etc/dms/tls.crt (written by dms init)",
            "dmscli login --username=admin --password=light --base-url=https://<DMS-Server>:443 --ca-cert=tls.crt",
            "dmscli login --username=admin --password-stdin --base-url=https://<DMS-Server>:443 --ca-cert=tls.crt < password.txt",
        ],
        ["get credential"] =
        [
            "dmscli get credential -o json",
            "# then, on the cluster: lbcli create credential --project-name=system --type=rsa256pubkey --id=<pubKeyId> /tmp/pub-key.pem",
        ],
        ["attach cluster"] =
        [
            "dmscli attach cluster --api-endpoint=<LightbitsServer>:443",
            "dmscli attach cluster --api-endpoint=<LightbitsServer>:443 --wait",
            "dmscli attach cluster --api-endpoint=<LightbitsServer>:443 --tls-fingerprint sha256:<hex> --wait --wait-timeout 5m",
        ],
        ["list clusters"] = ["dmscli list clusters", "dmscli list clusters -o wide"],
        ["refresh clusters"] = ["dmscli refresh clusters --wait"],
        ["detach cluster"] = [$"dmscli detach cluster --cluster-id {Uuid}", $"dmscli detach cluster {Uuid}"],
        ["thick-clone volume"] =
        [
            "dmscli thick-clone volume \\", .. CloneSource, "  --dst-name volume-001 \\", "  --replica-count 2 \\", "  --size 10gib",
            "# add --wait to follow the copy, --verify to read it back and compare",
        ],
        ["thick-clone snapshot"] =
        [
            "dmscli thick-clone snapshot \\", .. CloneSource, "  --dst-name snap-001 \\", "  --replica-count 2 \\", "  --size 10gib",
        ],
        ["list workflows"] = ["dmscli list workflows", "dmscli list workflows --page-size 10", "dmscli list workflows --all -o json"],
        ["get workflow"] = ["dmscli get workflow --id <wid>", "dmscli get workflow <wid> --watch"],
        ["cancel workflow"] = ["dmscli cancel workflow --wid <wid>", "dmscli cancel workflow <wid>"],
        ["completion"] = ["source <(dmscli completion bash)", "source <(dmscli completion zsh)"],
        ["version"] = ["dmscli version", "dmscli version -o json"],
    };

    /// <summary>Attaches every example to its command; a path that names no command is a bug caught at start-up.</summary>
    public static void AddTo(RootCommand root)
    {
        foreach (var (path, examples) in Examples)
        {
            var command = path.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Aggregate((Command)root, (at, name) => at.Subcommands.FirstOrDefault(c => c.Name == name)
                    ?? throw new InvalidOperationException($"examples for 'dmscli {path}', which is not a command"));
            HelpFooter.SetExamples(command, examples);
        }
    }
}
