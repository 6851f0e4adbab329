using System.CommandLine.Parsing;
using Common.Text;

namespace Dms.Cli.Input;

/// <summary>Durations on the command line, in the grammar of <see cref="DurationParser"/> (e.g. 500ms, 30s, 2m).</summary>
internal static class DurationOption
{
    public static TimeSpan Parse(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (DurationParser.TryParse(text, out var value, out _) && value > TimeSpan.Zero)
        {
            return value;
        }

        var name = result.Parent is OptionResult option ? option.Option.Name : "duration";
        return GlobalOptions.Fail<TimeSpan>(result, $"{name} '{text}' is not a positive duration (e.g. 30s, 2m, 1h)");
    }
}
