using Common.Text;
using System.CommandLine;
using Dms.Cli.Api;
using Dms.Cli.Input;

namespace Dms.Cli.Watching;

/// <summary>--wait / --watch, --wait-timeout and --unreachable-timeout, shared by every command that starts or shows a workflow.</summary>
internal sealed class WaitOptions
{
    public WaitOptions(string name, string description)
    {
        Follow = new Option<bool>(name) { Description = description };
        Timeout = new Option<TimeSpan?>("--wait-timeout")
        {
            Description = $"With {name}: stop waiting after this long (exit 6); the workflow goes on",
            HelpName = "duration",
            CustomParser = result => DurationOption.Parse(result),
        };
        UnreachableTimeout = new Option<TimeSpan?>("--unreachable-timeout")
        {
            Description = $"With {name}: while DMS cannot be reached (a restart, a fail-over), retry this long before giving up " +
                $"(exit 8; default {Human.Duration(WorkflowWatcher.DefaultUnreachableTimeout)}); the workflow goes on",
            HelpName = "duration",
            CustomParser = result => DurationOption.Parse(result),
        };
    }

    public Option<bool> Follow { get; }

    public Option<TimeSpan?> Timeout { get; }

    public Option<TimeSpan?> UnreachableTimeout { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Follow);
        command.Options.Add(Timeout);
        command.Options.Add(UnreachableTimeout);
    }

    public Task<WorkflowWatcher.Outcome> WatchAsync(ParseResult parse, DmsClient client, string workflowId, CancellationToken ct) =>
        new WorkflowWatcher(client, IProgressView.For(Console.Error, !Console.IsErrorRedirected, TerminalStyle.OfConsole()), TimeProvider.System,
                WorkflowWatcher.Pacing.Default(parse.GetValue(UnreachableTimeout)))
            .WatchAsync(workflowId, parse.GetValue(Timeout), ct);
}
