using System.CommandLine;
using Cli.Common.Commands;
using Dms.Cli;
using Dms.Cli.Commands;

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
root.Subcommands.Add(ConfigCommands.Create());

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // One line, however System.CommandLine wraps its messages: scripts and humans read the first line.
    var problems = parse.Errors.Select(e => string.Join(' ', e.Message.Split(['\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
    Console.Error.WriteLine($"dmscli: {string.Join("; ", problems)} (see '{string.Join(' ', CommandPath(parse.CommandResult))} --help')");

    return ExitCodes.Usage;
}

return await parse.InvokeAsync();

static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
{
    var names = new Stack<string>();
    for (var current = result; current is not null; current = current.Parent as System.CommandLine.Parsing.CommandResult)
    {
        names.Push(current.Parent is null ? "dmscli" : current.Command.Name);
    }

    return names;
}
