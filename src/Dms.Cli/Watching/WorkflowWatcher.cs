using Common.Text;
using Dms.Cli.Api;
using Dms.Contracts.Workflows;

namespace Dms.Cli.Watching;

/// <summary>
/// Follows a workflow until it ends. Watching is read-only: Ctrl-C or a wait timeout stops the
/// watching, never the workflow (issue 5 §2). The exit code says how the workflow ended (DESIGN §10).
/// DMS restarting or failing over does not stop it either: the workflow runs on the server whatever
/// the watcher sees, so an unreachable DMS is retried for a bounded time before giving up.
/// </summary>
internal sealed class WorkflowWatcher(DmsClient client, IProgressView view, TimeProvider time, WorkflowWatcher.Pacing pacing)
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>How long an outage of DMS is waited out unless --unreachable-timeout says otherwise.</summary>
    public static readonly TimeSpan DefaultUnreachableTimeout = TimeSpan.FromMinutes(2);

    /// <param name="Poll">Between two reads of a reachable DMS.</param>
    /// <param name="UnreachableFor">How long one outage is retried before watching gives up.</param>
    /// <param name="LongestRetryDelay">Retries back off from <paramref name="Poll"/> by doubling up to this.</param>
    public sealed record Pacing(TimeSpan Poll, TimeSpan UnreachableFor, TimeSpan LongestRetryDelay)
    {
        public static Pacing Default(TimeSpan? unreachableFor) =>
            new(DefaultPollInterval, unreachableFor ?? DefaultUnreachableTimeout, TimeSpan.FromSeconds(5));
    }

    public sealed record Outcome(int ExitCode, Workflow? Last);

    public async Task<Outcome> WatchAsync(string workflowId, TimeSpan? limit, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var followUp = $"follow it with: dmscli get workflow --id {workflowId} --watch";
        Workflow? last = null;
        long? outageSince = null;
        var retryDelay = pacing.Poll;
        try
        {
            while (true)
            {
                var delay = pacing.Poll;
                try
                {
                    last = await client.PollWorkflowAsync(workflowId, ct);
                    if (outageSince is not null)
                    {
                        view.Notice($"dms reachable again; still watching workflow {workflowId}");
                        (outageSince, retryDelay) = (null, pacing.Poll);
                    }

                    view.Show(last);
                    if (ProgressText.HasEnded(last))
                    {
                        view.End();
                        return last.State == "COMPLETED"
                            ? new Outcome(ExitCodes.Ok, last)
                            : new Outcome(Report($"workflow {workflowId} {last.State}{(string.IsNullOrEmpty(last.Msg) ? "" : ": " + last.Msg)}",
                                ExitCodes.WorkflowDidNotComplete), last);
                    }
                }
                catch (DmsUnavailableException e)
                {
                    if (outageSince is null)
                    {
                        outageSince = time.GetTimestamp();
                        view.Notice($"dms unreachable ({e.Message}), retrying for up to {Human.Duration(pacing.UnreachableFor)}; " +
                            $"the workflow keeps running on the server ({followUp})");
                    }

                    var left = pacing.UnreachableFor - time.GetElapsedTime(outageSince.Value);
                    if (left <= TimeSpan.Zero)
                    {
                        view.End();
                        return new Outcome(Report($"gave up watching: dms unreachable for {Human.Duration(pacing.UnreachableFor)} ({e.Message}); " +
                            $"workflow {workflowId} keeps running on the server ({followUp})", ExitCodes.Unreachable), last);
                    }

                    delay = retryDelay < left ? retryDelay : left;
                    retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, pacing.LongestRetryDelay.Ticks));
                }

                if (limit is { } wait && time.GetElapsedTime(started) >= wait)
                {
                    view.End();
                    var state = last is null ? "" : $" is still {last.State}";
                    return new Outcome(Report($"stopped waiting after {wait.TotalSeconds:0.#} s; workflow {workflowId}{state} ({followUp})", ExitCodes.WaitTimedOut), last);
                }

                await Task.Delay(delay, time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            view.End();
            return new Outcome(Report($"stopped watching; workflow {workflowId} keeps running ({followUp})", ExitCodes.Interrupted), last);
        }
        catch (CliException)
        {
            view.End();
            throw;
        }
    }

    private static int Report(string message, int exitCode) => Commands.CommandActions.Runner.Fail(message, exitCode);
}
