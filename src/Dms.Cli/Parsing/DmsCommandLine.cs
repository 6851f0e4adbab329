using System.CommandLine;
using Cli.Common.Output;
using Cli.Common.Parsing;

namespace Dms.Cli.Parsing;

/// <summary>
/// What dmscli adds to System.CommandLine once every command is registered, and how a command line
/// that does not parse is answered: bare <c>dmscli</c> prints help and exits 0 (as kubectl does);
/// a group alone (<c>dmscli list</c>) prints its help on stdout, one line on stderr naming what it
/// needs, and exits 2; anything else wrong is one sentence on stderr, with "did you mean", exit 2.
/// </summary>
internal static class DmsCommandLine
{
    public static void Finish(RootCommand root)
    {
        HelpFooter.Install(root);
        NounAliases.AddTo(root);
        CommandExamples.AddTo(root);
        WaitTimeoutNeedsWait(root);
        // Completion offers what operators type, not the enum's names (Json, Table …).
        GlobalOptions.Output.CompletionSources.Clear();
        GlobalOptions.Output.CompletionSources.Add([.. Enum.GetNames<OutputFormat>().Select(n => n.ToLowerInvariant())]);
    }

    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count == 0)
        {
            return await parse.InvokeAsync();
        }

        var at = parse.CommandResult;
        if (ParseFailure.StopsAtAGroup(parse))
        {
            await root.Parse([.. ParseFailure.CommandPath(at).Split(' ').Skip(1), "--help"]).InvokeAsync();
            if (at.Parent is null)
            {
                return ExitCodes.Ok;
            }

            await Console.Error.WriteLineAsync($"dmscli: {ParseFailure.NeedsSubcommand(at)}");
            return ExitCodes.Usage;
        }

        await Console.Error.WriteLineAsync($"dmscli: {ParseFailure.Describe(parse)} (see '{ParseFailure.CommandPath(at)} --help')");
        return ExitCodes.Usage;
    }

    /// <summary>--wait-timeout alone would be ignored without a word: refused, naming the flag it needs.</summary>
    private static void WaitTimeoutNeedsWait(Command command)
    {
        if (command.Options.FirstOrDefault(o => o.Name == "--wait-timeout") is { } timeout
            && command.Options.OfType<Option<bool>>().FirstOrDefault(o => o.Name is "--wait" or "--watch") is { } follow)
        {
            command.Validators.Add(result =>
            {
                if (result.GetResult(timeout) is { Implicit: false } && !result.GetValue(follow))
                {
                    result.AddError($"--wait-timeout says how long {follow.Name} waits: add {follow.Name}, or leave --wait-timeout out");
                }
            });
        }

        foreach (var sub in command.Subcommands)
        {
            WaitTimeoutNeedsWait(sub);
        }
    }
}
