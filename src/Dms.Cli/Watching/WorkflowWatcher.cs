using Dms.Cli.Api;
using Dms.Contracts.Workflows;

namespace Dms.Cli.Watching;

/// <summary>
/// Follows a workflow until it ends. Watching is read-only: Ctrl-C or a wait timeout stops the
/// watching, never the workflow (issue 5 §2). The exit code says how the workflow ended (DESIGN §10).
/// </summary>
internal sealed class WorkflowWatcher(DmsClient client, IProgressView view, TimeProvider time, TimeSpan pollInterval)
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(500);

    public sealed record Outcome(int ExitCode, Workflow? Last);

    public async Task<Outcome> WatchAsync(string workflowId, TimeSpan? limit, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        Workflow? last = null;
        try
        {
            while (true)
            {
                last = await client.GetWorkflowAsync(workflowId, ct);
                view.Show(last);
                if (ProgressText.HasEnded(last))
                {
                    view.End();
                    return last.State == "COMPLETED"
                        ? new Outcome(ExitCodes.Ok, last)
                        : new Outcome(Report($"workflow {workflowId} {last.State}{(string.IsNullOrEmpty(last.Msg) ? "" : ": " + last.Msg)}",
                            ExitCodes.WorkflowDidNotComplete), last);
                }

                if (limit is { } wait && time.GetElapsedTime(started) >= wait)
                {
                    view.End();
                    return new Outcome(Report($"stopped waiting after {wait.TotalSeconds:0.#} s; workflow {workflowId} is still {last.State} " +
                        $"(follow it with: dmscli get workflow --id {workflowId} --watch)", ExitCodes.WaitTimedOut), last);
                }

                await Task.Delay(pollInterval, time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            view.End();
            return new Outcome(Report($"stopped watching; workflow {workflowId} keeps running (follow it with: dmscli get workflow --id {workflowId} --watch)",
                ExitCodes.Interrupted), last);
        }
        catch (CliException)
        {
            view.End();
            throw;
        }
    }

    private static int Report(string message, int exitCode) => Commands.CommandActions.Runner.Fail(message, exitCode);
}
