using System.CommandLine;
using Dms.Cli.Views;

namespace Dms.Cli.Input;

/// <summary>
/// --state and --type of `dmscli list workflows`: comma lists, any case, repeatable, checked here
/// and sent as the spec names the API's state and type query parameters take.
/// </summary>
internal static class WorkflowFilterOptions
{
    private static readonly string[] States = ["PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELING", "CANCELED"];

    public static Option<string[]> State() => new("--state")
    {
        Description = $"Only workflows in these states, comma-separated: {string.Join(", ", States.Select(s => s.ToLowerInvariant()))} (any case)",
        HelpName = "state,…",
        CustomParser = result => Resolve(result, "--state", typed => States.FirstOrDefault(s => string.Equals(s, typed, StringComparison.OrdinalIgnoreCase)),
            string.Join(", ", States)),
    };

    public static Option<string[]> Type() => new("--type")
    {
        Description = "Only workflows of these types, comma-separated: attach, refresh, clone-vol, clone-snap (or the API's names, e.g. ThickCloneVolume)",
        HelpName = "type,…",
        CustomParser = result => Resolve(result, "--type", WorkflowTypeNames.Resolve, WorkflowTypeNames.Accepted),
    };

    private static string[] Resolve(System.CommandLine.Parsing.ArgumentResult result, string name, Func<string, string?> lookup, string accepted)
    {
        var names = new List<string>();
        foreach (var typed in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (lookup(typed) is not { } known)
            {
                return GlobalOptions.Fail<string[]>(result, $"{name} '{typed}' is not one of {accepted}");
            }

            names.Add(known);
        }

        return names.Count > 0 ? [.. names.Distinct()] : GlobalOptions.Fail<string[]>(result, $"{name} needs at least one of {accepted}");
    }
}
