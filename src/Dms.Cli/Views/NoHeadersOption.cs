using System.CommandLine;

namespace Dms.Cli.Views;

/// <summary>--no-headers of every list command, as kubectl names it.</summary>
internal static class NoHeadersOption
{
    public static Option<bool> Create() => new("--no-headers") { Description = "Print the table without its header line (for scripts)" };
}
