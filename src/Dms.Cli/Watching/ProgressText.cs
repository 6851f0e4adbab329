using System.Globalization;
using Common.Text;
using Dms.Contracts.Workflows;

namespace Dms.Cli.Watching;

/// <summary>One workflow's progress in words: state, percent, stage, bytes, rate, ETA (whichever DMS reports).</summary>
internal static class ProgressText
{
    public static string Describe(Workflow workflow)
    {
        var progress = workflow.Progress;
        var parts = new List<string> { workflow.State, string.Create(CultureInfo.InvariantCulture, $"{progress.Percent,3}%") };
        if (!string.IsNullOrEmpty(progress.Stage))
        {
            parts.Add(progress.Stage);
        }

        if (progress.BytesTotal is { } total)
        {
            parts.Add($"{Human.Size(progress.BytesDone ?? 0)} / {Human.Size(total)}");
        }

        if (progress.BytesPerSecond is { } rate)
        {
            parts.Add($"{Human.Size(rate)}/s");
        }

        if (progress.EtaSeconds is { } eta && workflow.State == "RUNNING")
        {
            parts.Add("ETA " + Clock(TimeSpan.FromSeconds(eta)));
        }

        return string.Join("  ", parts);
    }

    public static bool HasEnded(Workflow workflow) => workflow.State is "COMPLETED" or "FAILED" or "CANCELED";

    private static string Clock(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}:{span.Seconds:00}");
}
