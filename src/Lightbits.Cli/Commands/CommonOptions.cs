using System.CommandLine;

namespace Lightbits.Cli.Commands;

internal static class CommonOptions
{
    public static Option<string> Project() => new("--project-name")
    {
        Description = "Project the resource belongs to",
        DefaultValueFactory = _ => "default",
    };

    public static Option<string?> Uuid(string what) => new("--uuid") { Description = $"UUID of the {what}" };

    public static Option<string?> Name(string what) => new("--name") { Description = $"Name of the {what}" };
}
