using System.CommandLine;

namespace Dms.Cli.Input;

/// <summary>
/// A UUID a command acts on, given as a flag or as the command's argument, as kubectl takes names:
/// <c>dmscli get workflow --id W</c>, <c>--wid W</c> or just <c>W</c>. The guide spells the workflow
/// flag --id for get and --wid for cancel; each command documents its own spelling and accepts the other.
/// </summary>
internal sealed class IdInput
{
    private readonly string _what;

    /// <param name="flag">The documented spelling, first in help.</param>
    /// <param name="otherSpellings">Other flags that mean the same id.</param>
    /// <param name="what">What the id names, for help and errors: "workflow", "cluster".</param>
    public IdInput(string flag, string[] otherSpellings, string what, string description)
    {
        _what = what;
        Flag = new Option<string?>(flag, otherSpellings)
        {
            Description = description,
            HelpName = "uuid",
            CustomParser = result => InputOptions.ParseUuid(result, flag),
        };
        Positional = new Argument<string?>($"{what}-id")
        {
            Description = $"The same as {flag}",
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = result => result.Tokens.Count == 0 ? null : InputOptions.ParseUuid(result, $"{what} id"),
        };
    }

    public Option<string?> Flag { get; }

    public Argument<string?> Positional { get; }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Arguments.Add(Positional);
        command.Options.Add(Flag);
        command.Validators.Add(result =>
        {
            var (flag, positional) = (result.GetResult(Flag) is { Implicit: false }, result.GetResult(Positional) is { Tokens.Count: > 0 });
            if (!flag && !positional)
            {
                result.AddError($"'{CommandName(result)}' needs the {_what} id: {Flag.Name} <uuid>, or the uuid alone");
            }
            else if (flag && positional && result.GetValue(Flag) is { } a && result.GetValue(Positional) is { } b && a != b)
            {
                result.AddError($"two different {_what} ids, {b} and {Flag.Name} {a}: give one");
            }
        });
    }

    public string Value(ParseResult parse) => parse.GetValue(Flag) ?? parse.GetValue(Positional)
        ?? throw new InvalidOperationException("the validator lets no command through without an id");

    private static string CommandName(System.CommandLine.Parsing.CommandResult result) => global::Cli.Common.Parsing.ParseFailure.CommandPath(result);
}
