using System.CommandLine;
using System.Globalization;
using Cli.Common.Commands;
using Cli.Common.Output;
using Dms.Cli.Api;
using Dms.Cli.Input;
using Dms.Cli.Watching;
using Dms.Contracts.Workflows;

namespace Dms.Cli.Commands;

/// <summary>list / get / cancel workflow (spec §2, §3 Workflow, List workflows, Cancel).</summary>
internal static class WorkflowCommands
{
    public static void Register(Verbs verbs)
    {
        var pageSize = InputOptions.Between("--page-size", "Workflows per page, newest first (default 100)", 1, InputOptions.MaxPageSize);
        var nextPage = new Option<string?>("--next-page") { HelpName = "token", Description = "Token of the page to fetch (printed after a page that has more)" };
        var all = new Option<bool>("--all") { Description = "Fetch every page" };
        var list = new Command("workflows", "List workflows, newest first") { pageSize, nextPage, all };
        list.SetApiAction(async (parse, client, printer, ct) =>
        {
            var page = parse.GetValue(all)
                ? await AllPagesAsync(client, parse.GetValue(pageSize), parse.GetValue(nextPage), ct)
                : await client.ListWorkflowsAsync(parse.GetValue(pageSize), parse.GetValue(nextPage), ct);
            printer.Print(page, p => Columns(p.Workflows), p => WideColumns(p.Workflows));
            if (page.NextPageToken is { } token && printer.Format is OutputFormat.Table or OutputFormat.Wide)
            {
                // stderr: the table on stdout stays a table.
                await Console.Error.WriteLineAsync($"More workflows: dmscli list workflows --next-page {token}");
            }
        });
        verbs.List.Subcommands.Add(list);

        var id = new IdInput("--id", ["--wid"], "workflow", "The workflowId");
        var watch = new WaitOptions("--watch", "Follow the workflow until it ends, showing its progress on stderr; the exit code says how it ended");
        var get = new Command("workflow", "Show a workflow: state, progress, request and result");
        id.AddTo(get);
        watch.AddTo(get);
        get.SetApiAction(async (parse, client, printer, ct) =>
        {
            var workflowId = id.Value(parse);
            var exitCode = ExitCodes.Ok;
            Workflow? workflow;
            if (parse.GetValue(watch.Follow))
            {
                var outcome = await watch.WatchAsync(parse, client, workflowId, ct);
                (exitCode, workflow) = (outcome.ExitCode, outcome.Last);
            }
            else
            {
                workflow = await client.GetWorkflowAsync(workflowId, ct);
            }
            if (workflow is not null)
            {
                printer.Print(workflow, printer.Fields);
            }

            return exitCode;
        });
        verbs.Get.Subcommands.Add(get);

        var wid = new IdInput("--wid", ["--id"], "workflow", "The workflowId");
        var cancel = new Command("workflow", "Cancel a workflow: DMS rolls back what it created; cancelling twice is harmless");
        wid.AddTo(cancel);
        cancel.SetApiAction((parse, client, printer, ct) => WorkflowCancel.RunAsync(client, printer, wid.Value(parse), ct));
        verbs.Cancel.Subcommands.Add(cancel);
    }

    private static async Task<WorkflowList> AllPagesAsync(DmsClient client, int? pageSize, string? from, CancellationToken ct)
    {
        var workflows = new List<Workflow>();
        var token = from;
        do
        {
            var page = await client.ListWorkflowsAsync(pageSize ?? InputOptions.MaxPageSize, token, ct);
            workflows.AddRange(page.Workflows);
            token = page.NextPageToken;
        }
        while (token is not null);

        return new WorkflowList { Workflows = workflows };
    }

    private static string Columns(IEnumerable<Workflow> workflows) =>
        Table.Render(["ID", "Type", "State", "Progress", "Stage", "Created"], workflows.Select(w => (IReadOnlyList<string?>)
            [w.Id, w.Type, w.State, $"{w.Progress.Percent}%", w.Progress.Stage, Time(w.CreatedAt)]));

    private static string WideColumns(IEnumerable<Workflow> workflows) =>
        Table.Render(["ID", "Type", "State", "Progress", "Stage", "Created", "Started", "Ended", "Message"], workflows.Select(w => (IReadOnlyList<string?>)
            [w.Id, w.Type, w.State, $"{w.Progress.Percent}%", w.Progress.Stage, Time(w.CreatedAt), Time(w.StartedAt), Time(w.EndedAt), w.Msg]));

    private static string? Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
