using System.CommandLine;
using System.Text.RegularExpressions;
using Dms.Cli.Input;

namespace Dms.Cli.Resolving;

/// <summary>
/// Options that name a cluster as operators think of it: by the name dmscli list clusters shows,
/// or by UUID. A value shaped like a UUID that is not one stays a usage error (a typo in a pasted
/// or cut-off UUID is not a cluster name); a name is resolved with <see cref="ClusterResolver"/>.
/// </summary>
internal static partial class ClusterOption
{
    public static Option<string> Create(string name, string description, bool required = true)
    {
        var option = new Option<string>(name)
        {
            Description = $"{description}: its name or UUID (see dmscli list clusters)",
            HelpName = "name|uuid",
            Required = required,
            CustomParser = result => Parse(result, name),
        };
        option.CompletionSources.Add(ServerCompletions.ClusterNames);
        return option;
    }

    /// <summary>A canonical UUID, or the name as given for <see cref="ClusterResolver"/>.</summary>
    public static string Parse(System.CommandLine.Parsing.ArgumentResult result, string name)
    {
        var text = result.Tokens.Single().Value;
        return UuidShaped().IsMatch(text) ? InputOptions.ParseUuid(result, name)
            : text.Trim().Length == 0 ? GlobalOptions.Fail<string>(result, $"{name} is empty: give a cluster name or UUID")
            : text;
    }

    // Eight hex digits, then only hex digits and dashes: a pasted or cut-off UUID such as 4cb2e0bf or 4cb2e0bf-20fa.
    [GeneratedRegex("^[0-9A-Fa-f]{8}(-[0-9A-Fa-f]*)*$")]
    private static partial Regex UuidShaped();
}
