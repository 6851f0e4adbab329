using System.CommandLine;
using Cli.Common.Output;
using Dms.Cli.Api;
using Dms.Cli.Watching;
using Dms.Contracts.Workflows;

namespace Dms.Cli.Commands;

/// <summary>What every workflow-starting command does with DMS's answer: print the workflowId (spec §5), then wait if asked.</summary>
internal static class StartedWorkflow
{
    public static async Task<int> PrintAndWaitAsync(ParseResult parse, DmsClient client, Printer printer, WorkflowIdResponse started,
        WaitOptions wait, CancellationToken ct)
    {
        printer.Print(started, printer.Fields);
        await Console.Out.FlushAsync(ct);
        return parse.GetValue(wait.Follow) ? (await wait.WatchAsync(parse, client, started.WorkflowId, ct)).ExitCode : ExitCodes.Ok;
    }
}
