using System.CommandLine;
using Cli.Common.Output;
using Dms.Cli.Api;
using Dms.Cli.Watching;
using Dms.Contracts.Workflows;

namespace Dms.Cli.Commands;

/// <summary>
/// What every workflow-starting command does with DMS's answer: print the workflowId (spec §5), then
/// wait if asked. A script that waits with -o json or yaml gets one document, the workflow as it
/// ended (GET /api/v1/workflows/{id}), since what it produced is what the script wants next.
/// </summary>
internal static class StartedWorkflow
{
    public static async Task<int> PrintAndWaitAsync(ParseResult parse, DmsClient client, Printer printer, WorkflowIdResponse started,
        WaitOptions wait, CancellationToken ct)
    {
        var waiting = parse.GetValue(wait.Follow);
        var endedObject = waiting && printer.Format is OutputFormat.Json or OutputFormat.Yaml;
        if (!endedObject)
        {
            // The next command to type, under the table only: JSON and YAML stay the API's object.
            printer.Print(started, s => printer.Fields(s) + (waiting ? "" : $"follow it with: dmscli get workflow --id {s.WorkflowId} --watch\n"),
                names: s => [WorkflowCommands.Name(s.WorkflowId)]);
            await Console.Out.FlushAsync(ct);
        }

        if (!waiting)
        {
            return ExitCodes.Ok;
        }

        var outcome = await wait.WatchAsync(parse, client, started.WorkflowId, ct);
        if (endedObject)
        {
            // Interrupted before the first GET: the id is still the script's only handle on the workflow.
            if (outcome.Last is { } last)
            {
                printer.Print(last, _ => "");
            }
            else
            {
                printer.Print(started, printer.Fields);
            }
        }

        return outcome.ExitCode;
    }
}
