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
        var follow = parse.GetValue(wait.Follow);
        // The next command to type, under the table only: JSON and YAML stay the API's object.
        printer.Print(started, s => printer.Fields(s) + (follow ? "" : $"follow it with: dmscli get workflow --id {s.WorkflowId} --watch\n"));
        await Console.Out.FlushAsync(ct);
        return follow ? (await wait.WatchAsync(parse, client, started.WorkflowId, ct)).ExitCode : ExitCodes.Ok;
    }
}
