using System.CommandLine;
using Cli.Common.Commands;
using Lightbits.Cli;
using Lightbits.Cli.Commands;

var root = new RootCommand("lbcli: manage a Lightbits cluster (or an lbemu) over its REST v2 API");
GlobalOptions.AddTo(root);
var verbs = new Verbs();
CredentialCommands.Register(verbs);
ProjectCommands.Register(verbs);
VolumeCommands.Register(verbs);
SnapshotCommands.Register(verbs);
ClusterCommands.Register(verbs);
JwtCommands.Register(verbs);
ChangedBlocksCommands.Register(verbs);
verbs.AddTo(root);

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"lbcli: {error.Message}");
    }
    Console.Error.WriteLine("Run 'lbcli --help' for usage.");
    return ExitCodes.Usage;
}
return await parse.InvokeAsync();
