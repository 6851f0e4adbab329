using System.Text.Json;
using Cli.Common.Output;
using Common.Text;
using Dms.Contracts.Workflows;

namespace Dms.Cli.Views;

/// <summary>
/// `dmscli get workflow` for people, as kubectl describe: what it does (clusters by name), where it
/// stands, when (one timestamp format, duration, age), what went wrong and on which side, what it
/// produced, and the request it was given — each as key: value lines that fit the terminal.
/// </summary>
internal static class WorkflowDescription
{
    /// <summary>Columns when stdout is no terminal and COLUMNS is unset.</summary>
    public const int DefaultWidth = 80;

    public static string Render(Workflow workflow, ClusterNames clusters, DateTimeOffset now, int width)
    {
        var description = new Description()
            .Field("Workflow", workflow.Id)
            .Field("Type", workflow.Type)
            .Field("Does", WorkflowSubject.Describe(workflow, clusters))
            .Field("State", workflow.State)
            .Field("Stage", workflow.Progress.Stage)
            .Field("Progress", Progress(workflow))
            .Field("ETA", workflow.State == "RUNNING" && workflow.Progress.EtaSeconds is { } eta ? Human.Duration(TimeSpan.FromSeconds(eta)) : null)
            .Field("Created", $"{Human.Time(workflow.CreatedAt)} ({Human.Age(workflow.CreatedAt, now)} ago)")
            .Field("Started", workflow.StartedAt is { } started ? Human.Time(started) : null)
            .Field("Ended", workflow.EndedAt is { } ended ? $"{Human.Time(ended)} ({Human.Age(ended, now)} ago)" : null)
            .Field(workflow.EndedAt is null ? "Running for" : "Duration", workflow.StartedAt is { } from ? Human.Duration((workflow.EndedAt ?? now) - from) : null);

        if (WorkflowFailure.Of(workflow) is { } failure)
        {
            description.Section(workflow.State == "CANCELED" ? "Canceled" : "Error", error => error
                .Field("Step", failure.Step)
                .Field("Side", failure.Side)
                .Field("Code", failure.Code)
                .Field("Retries", failure.Retries)
                .Field("Message", failure.Message));
        }
        else if (workflow.State != "COMPLETED" || workflow.Result is null)
        {
            // A COMPLETED workflow's msg repeats its warnings, which the result lists one by one.
            description.Field("Message", workflow.Msg);
        }

        if (workflow.Result is { ValueKind: JsonValueKind.Object } result)
        {
            description.Section("Result", group => JsonFields.AddTo(group, result, clusters, "warnings"));
            if (result.TryGetProperty("warnings", out var warnings) && warnings.ValueKind == JsonValueKind.Array)
            {
                description.Items("Warnings", warnings.EnumerateArray().Select(w => w.ToString()));
            }
        }

        if (WorkflowSubject.Request(workflow) is { ValueKind: JsonValueKind.Object } request)
        {
            description.Section("Request", group => JsonFields.AddTo(group, request, clusters));
        }

        return description.Render(width);
    }

    /// <summary>"42%, 1.7 GiB of 4.0 GiB at 41.0 MiB/s", or just the percent when DMS reports no bytes.</summary>
    private static string Progress(Workflow workflow)
    {
        var progress = workflow.Progress;
        var text = $"{progress.Percent}%";
        if (progress.BytesTotal is { } total)
        {
            text += $", {Human.Size(progress.BytesDone ?? 0)} of {Human.Size(total)}";
        }

        if (progress.BytesPerSecond is { } rate && workflow.State == "RUNNING")
        {
            text += $" at {Human.Size(rate)}/s";
        }

        return text;
    }
}
