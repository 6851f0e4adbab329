using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Cli.Common.Parsing;

/// <summary>
/// The help System.CommandLine writes, followed by what it has no section for: the command's
/// examples and the exit codes (<see cref="ExitCodes.Table"/>, so help and README say the same).
/// The width honours <c>COLUMNS</c> when set; otherwise help wraps to the terminal and not at all
/// into a pipe, as System.CommandLine decides.
/// </summary>
public sealed class HelpFooter(HelpAction help) : SynchronousCommandLineAction
{
    private static readonly ConditionalWeakTable<Command, IReadOnlyList<string>> ExamplesOf = [];

    public override bool ClearsParseErrors => true;

    /// <summary>Command lines shown under "Examples:" in <paramref name="command"/>'s help; a line starting with # is a comment.</summary>
    public static void SetExamples(Command command, params string[] examples) => ExamplesOf.AddOrUpdate(command, examples);

    /// <summary>Replaces the help option of <paramref name="root"/> by one without the /? and /h spellings, which shells complete for no one.</summary>
    public static void Install(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var old = root.Options.OfType<HelpOption>().Single();
        root.Options.Remove(old);
        var option = new HelpOption("--help", "-h");
        option.Action = new HelpFooter((HelpAction)option.Action!);
        root.Options.Add(option);
    }

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0)
        {
            help.MaxWidth = columns;
        }

        var result = help.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        if (ExamplesOf.TryGetValue(parseResult.CommandResult.Command, out var examples))
        {
            output.WriteLine("Examples:");
            foreach (var example in examples)
            {
                output.WriteLine($"  {example}");
            }

            output.WriteLine();
        }

        output.WriteLine("Exit codes:");
        foreach (var (code, meaning) in ExitCodes.Table)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {code,-5}{meaning}"));
        }

        return result;
    }
}
