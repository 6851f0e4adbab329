using System.CommandLine;
using Cli.Common.Commands;
using Cli.Common.Output;
using Dms.Cli.Api;
using Dms.Cli.Input;
using Dms.Cli.Resolving;
using Dms.Cli.Views;
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
        var state = WorkflowFilterOptions.State();
        var type = WorkflowFilterOptions.Type();
        var noHeaders = NoHeadersOption.Create();
        var list = new Command("workflows", "List workflows, newest first") { pageSize, nextPage, all, state, type, noHeaders };
        list.SetApiAction(async (parse, client, printer, ct) =>
        {
            var filter = (States: parse.GetValue(state), Types: parse.GetValue(type));
            var page = parse.GetValue(all)
                ? await AllPagesAsync(client, parse.GetValue(pageSize), parse.GetValue(nextPage), filter, ct)
                : await client.ListWorkflowsAsync(parse.GetValue(pageSize), parse.GetValue(nextPage), ct, filter.States, filter.Types);
            var clusters = await ClusterNames.ForViewAsync(printer, client, ct);
            var now = TimeProvider.System.GetUtcNow();
            printer.Print(page,
                p => WorkflowTable.Render(p.Workflows, clusters, now, TerminalWidth.Of(WorkflowTable.DefaultWidth), !parse.GetValue(noHeaders)),
                p => WorkflowTable.RenderWide(p.Workflows, clusters, now, !parse.GetValue(noHeaders)),
                p => p.Workflows.Select(Name));
            if (page.NextPageToken is { } token && printer.Format is OutputFormat.Table or OutputFormat.Wide or OutputFormat.Name)
            {
                // stderr: the table on stdout stays a table.
                await Console.Error.WriteLineAsync($"More workflows: dmscli list workflows --next-page {token}");
            }
        });
        verbs.List.Subcommands.Add(list);

        var id = new IdInput("--id", ["--wid"], "workflow", "The workflowId", completions: ServerCompletions.WorkflowIds);
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
                var clusters = await ClusterNames.ForViewAsync(printer, client, ct);
                printer.Print(workflow, w => WorkflowDescription.Render(w, clusters, TimeProvider.System.GetUtcNow(), TerminalWidth.Of(WorkflowDescription.DefaultWidth)),
                    names: w => [Name(w)]);
            }

            return exitCode;
        });
        verbs.Get.Subcommands.Add(get);

        var wid = new IdInput("--wid", ["--id"], "workflow", "The workflowId", completions: ServerCompletions.WorkflowIds);
        var cancel = new Command("workflow", "Cancel a workflow: DMS rolls back what it created; cancelling twice is harmless");
        wid.AddTo(cancel);
        cancel.SetApiAction((parse, client, printer, ct) => WorkflowCancel.RunAsync(client, printer, wid.Value(parse), ct));
        verbs.Cancel.Subcommands.Add(cancel);
    }

    /// <summary>kubectl's -o name: the kind, then what every workflow command takes (--id, --wid).</summary>
    public static string Name(Workflow workflow) => Name(workflow.Id);

    public static string Name(string workflowId) => $"workflow/{workflowId}";

    private static async Task<WorkflowList> AllPagesAsync(DmsClient client, int? pageSize, string? from, (string[]? States, string[]? Types) filter, CancellationToken ct)
    {
        var workflows = new List<Workflow>();
        var token = from;
        do
        {
            var page = await client.ListWorkflowsAsync(pageSize ?? InputOptions.MaxPageSize, token, ct, filter.States, filter.Types);
            workflows.AddRange(page.Workflows);
            token = page.NextPageToken;
        }
        while (token is not null);

        return new WorkflowList { Workflows = workflows };
    }
}
