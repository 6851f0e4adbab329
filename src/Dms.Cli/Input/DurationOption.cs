using System.CommandLine.Parsing;
using System.Globalization;

namespace Dms.Cli.Input;

/// <summary>Durations on the command line: seconds, or a number with ms/s/m/h (e.g. 500ms, 30s, 2m).</summary>
internal static class DurationOption
{
    public static TimeSpan Parse(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (TryParse(text, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        var name = result.Parent is OptionResult option ? option.Option.Name : "duration";
        return GlobalOptions.Fail<TimeSpan>(result, $"{name} '{text}' is not a positive duration (e.g. 30s, 2m, 1h)");
    }

    private static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var (number, unit) = text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (text[..^2], "ms")
            : text.Length > 0 && char.IsAsciiLetter(text[^1]) ? (text[..^1], text[^1..].ToLowerInvariant())
            : (text, "s");
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        TimeSpan? parsed = unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount),
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => null,
        };
        value = parsed ?? default;
        return parsed is not null;
    }
}
