using Cli.Common.Output;
using Dms.Cli.Api;
using Dms.Contracts.Workflows;

namespace Dms.Cli.Commands;

/// <summary>
/// `dmscli cancel workflow`: DMS accepts a second cancel silently (spec §3 Cancel), so the state is
/// read first to tell the operator what actually happened. Already canceled (or canceling) is
/// success, said as such; an ended workflow is refused by DMS (code 9), which is exit 5 naming its state.
/// </summary>
internal static class WorkflowCancel
{
    public static async Task<int> RunAsync(DmsClient client, Printer printer, string workflowId, CancellationToken ct)
    {
        var state = (await client.GetWorkflowAsync(workflowId, ct)).State;
        var said = state switch
        {
            "CANCELED" => $"Workflow {workflowId} is already canceled; nothing to do\n",
            "CANCELING" => $"Workflow {workflowId} is already being canceled; follow it with: dmscli get workflow --id {workflowId} --watch\n",
            _ => null,
        };
        var answer = said is null ? await client.CancelWorkflowAsync(workflowId, ct) : new EmptyMessage();
        printer.Print(answer, _ => said ?? $"Cancel requested for workflow {workflowId}; follow it with: dmscli get workflow --id {workflowId} --watch\n");
        return ExitCodes.Ok;
    }
}
