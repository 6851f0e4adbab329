using System.CommandLine;
using Cli.Common.Commands;
using Dms.Cli;
using Dms.Cli.Commands;
using Dms.Cli.Parsing;

var root = new RootCommand("dmscli: operate the DMS service — attach Lightbits clusters, thick-clone snapshots between them, follow workflows");
GlobalOptions.AddTo(root);
root.Subcommands.Add(LoginCommand.Create());
var verbs = new Verbs();
CredentialCommands.Register(verbs);
ClusterCommands.Register(verbs);
ThickCloneCommands.Register(verbs);
WorkflowCommands.Register(verbs);
verbs.AddTo(root);

root.Subcommands.Add(CompletionCommand.Create());
root.Subcommands.Add(VersionCommand.Create());
DmsCommandLine.Finish(root);

return await DmsCommandLine.RunAsync(root, args);
