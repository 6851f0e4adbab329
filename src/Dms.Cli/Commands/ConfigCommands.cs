using System.CommandLine;
using Cli.Common.Output;
using Dms.Cli.Configuration;

namespace Dms.Cli.Commands;

/// <summary>
/// `dmscli config get-contexts | use-context NAME | current-context`: the DMS servers dmscli login
/// saved, and which one commands use when neither --context nor --base-url says.
/// </summary>
internal static class ConfigCommands
{
    public static Command Create()
    {
        var config = new Command("config", "Show and switch the contexts (DMS servers) saved by dmscli login");

        var getContexts = new Command("get-contexts", "List the saved contexts; the current one is marked *");
        CommandActions.Runner.SetAction(getContexts, (parse, _, _) =>
        {
            var contexts = CliConfigFile.Read(DmsConnection.ConfigPathOf(parse));
            var list = new ContextList(contexts.Current?.Name,
                [.. contexts.All.Select(c => new ContextView(c.Name, c.Config.BaseUrl, c.Name == contexts.CurrentName, c.Config.Auth is not null))]);
            new Printer(GlobalOptions.FormatOf(parse), Console.Out, ContextJsonContext.Default.Options).Print(list, l =>
                Table.Render(["Current", "Name", "Base URL", "Token"], l.Contexts.Select(c => (IReadOnlyList<string?>)
                    [c.Current ? "*" : "", c.Name, c.BaseUrl, c.LoggedIn ? "saved" : "none"])));
            return Task.FromResult(ExitCodes.Ok);
        });

        var name = new Argument<string>("name") { Description = "The context to make current (see dmscli config get-contexts)" };
        var useContext = new Command("use-context", "Make a saved context the current one") { name };
        CommandActions.Runner.SetAction(useContext, (parse, _, _) =>
        {
            var path = DmsConnection.ConfigPathOf(parse);
            var contexts = CliConfigFile.Read(path);
            var chosen = contexts.Require(parse.GetValue(name)!, path);
            CliConfigFile.Write(path, contexts.WithCurrent(chosen));
            Console.Out.WriteLine($"Switched to context '{chosen.Name}' ({chosen.Config.BaseUrl ?? "no base-url"})");
            return Task.FromResult(ExitCodes.Ok);
        });

        var currentContext = new Command("current-context", "Print the name of the current context");
        CommandActions.Runner.SetAction(currentContext, (parse, _, _) =>
        {
            var path = DmsConnection.ConfigPathOf(parse);
            Console.Out.WriteLine(CliConfigFile.Read(path).Current?.Name
                ?? throw new CliException($"no current context in {path}: run dmscli login, or dmscli config use-context NAME", ExitCodes.NotFound));
            return Task.FromResult(ExitCodes.Ok);
        });

        config.Subcommands.Add(getContexts);
        config.Subcommands.Add(useContext);
        config.Subcommands.Add(currentContext);
        return config;
    }
}
