using System.CommandLine;
using System.CommandLine.Parsing;

namespace Cli.Common.Parsing;

/// <summary>
/// What a command line that does not parse gets told: one sentence about the first thing to fix,
/// with "did you mean …" for a mistyped command or flag. A typo usually explains every other error
/// System.CommandLine reports after it, so unknown words come first and alone; then values that
/// do not parse; then what is missing.
/// </summary>
public static class ParseFailure
{
    /// <summary>The command typed so far, as the operator would type it: "dmscli get workflow".</summary>
    public static string CommandPath(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var names = new Stack<string>();
        for (var current = result; current is not null; current = current.Parent as CommandResult)
        {
            names.Push(current.Command.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>True when the command line stops at a command that only groups others (<c>dmscli list</c>, or nothing at all).</summary>
    public static bool StopsAtAGroup(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var command = parse.CommandResult.Command;
        return command.Action is null && command.Subcommands.Count > 0 && parse.UnmatchedTokens.Count == 0
            && parse.Errors.All(e => e.SymbolResult is CommandResult or null);
    }

    /// <summary>The one sentence that says what to fix; <paramref name="parse"/> must have errors.</summary>
    public static string Describe(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var at = parse.CommandResult;
        var unknownWords = UnknownWords(parse).ToList();
        if ((unknownWords.Find(t => t.StartsWith('-')) ?? unknownWords.FirstOrDefault()) is { } unknown)
        {
            return Unknown(at, unknown);
        }

        var missing = at.Command.Options.Where(o => o.Required && parse.GetResult(o) is null or { Implicit: true }).ToList();
        var values = Flattened(parse.Errors.Where(e => e.SymbolResult is ArgumentResult || e.SymbolResult is OptionResult o && !missing.Contains(o.Option)));
        if (values.Count > 0)
        {
            return string.Join("; ", values);
        }

        if (missing.Count > 0)
        {
            return $"'{CommandPath(at)}' needs {And([.. missing.Select(o => o.Name)])}";
        }

        return string.Join("; ", Flattened(parse.Errors));
    }

    /// <summary>"'dmscli list' needs one of: clusters, workflows".</summary>
    public static string NeedsSubcommand(CommandResult at)
    {
        ArgumentNullException.ThrowIfNull(at);
        return $"'{CommandPath(at)}' needs one of: {string.Join(", ", at.Command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}";
    }

    private static string Unknown(CommandResult at, string token)
    {
        var path = CommandPath(at);
        if (token.StartsWith('-'))
        {
            var flag = token.Split('=', 2)[0];
            return $"unknown flag '{flag}' for '{path}'{DidYouMean(flag, FlagsOf(at))}";
        }

        var command = at.Command;
        if (command.Subcommands.Count == 0)
        {
            return $"unexpected argument '{token}' for '{path}'";
        }

        // Each noun answers to several words (cluster, clusters): suggest the noun once, by its name.
        var nameOf = command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name).Select(word => (word, c.Name)))
            .ToDictionary(p => p.word, p => p.Name, StringComparer.Ordinal);
        var near = Suggestions.For(token, nameOf.Keys).Select(w => nameOf[w]).Distinct(StringComparer.Ordinal).ToList();
        var hint = near.Count > 0 ? $"; did you mean {Suggestions.Quoted(near)}?" : "";
        return at.Parent is null ? $"unknown command '{token}'{hint}" : $"'{path}' has no '{token}'{hint}";
    }

    /// <summary>
    /// Words no command or option took, in order. An unknown flag before a command's own argument
    /// is taken as that argument (System.CommandLine cannot tell), so those count too.
    /// </summary>
    private static IEnumerable<string> UnknownWords(ParseResult parse) =>
        parse.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value).Where(v => v.StartsWith("--", StringComparison.Ordinal))
            .Concat(parse.UnmatchedTokens);

    private static string DidYouMean(string typed, IEnumerable<string> known) =>
        Suggestions.For(typed, known) is { Count: > 0 } near ? $"; did you mean {Suggestions.Quoted(near)}?" : "";

    /// <summary>The flags valid where the operator typed one: the command's own and the recursive ones of its parents.</summary>
    private static IEnumerable<string> FlagsOf(CommandResult at)
    {
        var own = at.Command.Options;
        var inherited = Ancestors(at).SelectMany(c => c.Options.Where(o => o.Recursive));
        return own.Concat(inherited).Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith('-'));
    }

    private static IEnumerable<Command> Ancestors(CommandResult at)
    {
        for (var current = at.Parent as CommandResult; current is not null; current = current.Parent as CommandResult)
        {
            yield return current.Command;
        }
    }

    /// <summary>Each message on one line without its trailing period, so several join into one sentence.</summary>
    private static List<string> Flattened(IEnumerable<ParseError> errors) =>
        [.. errors.Select(e => string.Join(' ', e.Message.Split(['\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.'))
            .Distinct(StringComparer.Ordinal)];

    private static string And(List<string> items) => items.Count == 1 ? items[0] : $"{string.Join(", ", items.SkipLast(1))} and {items[^1]}";
}
