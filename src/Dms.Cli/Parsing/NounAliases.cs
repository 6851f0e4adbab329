using System.CommandLine;

namespace Dms.Cli.Parsing;

/// <summary>
/// Every noun answers to its singular and its plural (<c>list cluster</c>, <c>get workflows</c>), as
/// kubectl's resource names do: the guide writes each one way, operators type both.
/// </summary>
internal static class NounAliases
{
    public static void AddTo(RootCommand root)
    {
        foreach (var verb in root.Subcommands)
        {
            foreach (var noun in verb.Subcommands)
            {
                noun.Aliases.Add(noun.Name.EndsWith('s') ? noun.Name[..^1] : noun.Name + "s");
            }
        }
    }
}
