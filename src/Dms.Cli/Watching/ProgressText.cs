using System.Globalization;
using Common.Text;
using Dms.Contracts.Workflows;

namespace Dms.Cli.Watching;

/// <summary>One workflow's progress in words: state, percent, stage, bytes, rate, ETA (whichever DMS reports).</summary>
internal static class ProgressText
{
    /// <summary>Everything DMS reports, on one line: what a log file gets.</summary>
    public static string Describe(Workflow workflow) => Shortenings(workflow)[0];

    /// <summary>
    /// The line from most to least detailed, for a terminal too narrow for all of it: the rate goes
    /// first, then the bytes, then the ETA, then the stage; state and percent always stay.
    /// </summary>
    public static IReadOnlyList<string> Shortenings(Workflow workflow)
    {
        var progress = workflow.Progress;
        var state = workflow.State;
        var percent = string.Create(CultureInfo.InvariantCulture, $"{Math.Clamp(progress.Percent, 0, 100),3}%");
        var stage = string.IsNullOrEmpty(progress.Stage) ? null : progress.Stage;
        var bytes = progress.BytesTotal is { } total ? $"{Human.Size(progress.BytesDone ?? 0)} / {Human.Size(total)}" : null;
        var rate = progress.BytesPerSecond is { } perSecond and > 0 ? $"{Human.Size(perSecond)}/s" : null;
        var eta = progress.EtaSeconds is { } seconds && state == "RUNNING" ? "ETA " + Human.Duration(TimeSpan.FromSeconds(Math.Max(0, seconds))) : null;

        return [.. new[]
        {
            Join(state, percent, stage, bytes, rate, eta),
            Join(state, percent, stage, bytes, eta),
            Join(state, percent, stage, eta),
            Join(state, percent, stage),
            Join(state, percent),
        }.Distinct(StringComparer.Ordinal)];
    }

    public static bool HasEnded(Workflow workflow) => workflow.State is "COMPLETED" or "FAILED" or "CANCELED";


    private static string Join(params string?[] parts) => string.Join("  ", parts.Where(p => p is not null));
}
