using System.CommandLine;
using System.Text.RegularExpressions;

namespace Dms.Cli.Input;

/// <summary>
/// Options whose values dmscli checks before anything goes over the wire, so a typo is a usage
/// error (exit 2) naming the flag instead of a round trip to DMS.
/// </summary>
internal static partial class InputOptions
{
    public const int MaxPageSize = 250; // spec §3 List workflows

    public static Option<string> Uuid(string name, string description, bool required = true) => new(name)
    {
        Description = description,
        HelpName = "uuid",
        Required = required,
        CustomParser = result => ParseUuid(result, name),
    };

    /// <summary>The one token of <paramref name="result"/> as a canonical UUID, or an error naming <paramref name="name"/> and the value.</summary>
    public static string ParseUuid(System.CommandLine.Parsing.ArgumentResult result, string name)
    {
        var text = result.Tokens.Single().Value;
        return Guid.TryParseExact(text, "D", out var uuid)
            ? uuid.ToString()
            : GlobalOptions.Fail<string>(result, $"{name} '{text}' is not a UUID (8-4-4-4-12 hex digits, e.g. 4cb2e0bf-20fa-5720-8cc2-1a11fe3e9850)");
    }

    /// <summary>Volume, snapshot and project names: spec §3 (the Lightbits rule).</summary>
    public static Option<string> Name(string name, string description, bool required = true) => new(name)
    {
        Description = description,
        HelpName = "name",
        Required = required,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            return NamePattern().IsMatch(text)
                ? text
                : GlobalOptions.Fail<string>(result, $"{name} '{text}' must be 1-253 characters of letters, digits, '.', '_' and '-'");
        },
    };

    public static Option<long?> Size(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "size",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            return VolumeSize.TryParse(text, VolumeSize.MinSectorSize, out var bytes, out var error)
                ? bytes
                : GlobalOptions.Fail<long?>(result, $"{name} {error}");
        },
    };

    /// <summary>A whole number in [min, max].</summary>
    public static Option<int?> Between(string name, string description, int min, int max) => new(name)
    {
        Description = description,
        HelpName = "n",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : GlobalOptions.Fail<int?>(result, $"{name} '{text}' must be a whole number from {min} to {max}");
        },
    };

    [GeneratedRegex("^[A-Za-z0-9._-]{1,253}$")]
    private static partial Regex NamePattern();
}
