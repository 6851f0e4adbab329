using System.CommandLine;
using System.CommandLine.Parsing;

namespace Dms.Cli.Input;

/// <summary>The source snapshot of a thick clone: --src-snap-id or --src-snap-name, exactly one (as the API's src.snapId / src.snapName).</summary>
internal static class SnapshotSource
{
    public static Action<CommandResult> ExactlyOne(Option<string> id, Option<string> name) => result =>
    {
        var (hasId, hasName) = (result.GetResult(id) is { Implicit: false }, result.GetResult(name) is { Implicit: false });
        if (hasId && hasName)
        {
            result.AddError($"give '{id.Name}' or '{name.Name}', not both");
        }
        else if (!hasId && !hasName)
        {
            var command = global::Cli.Common.Parsing.ParseFailure.CommandPath(result);
            result.AddError($"'{command}' needs {id.Name} or {name.Name}");
        }
    };
}
