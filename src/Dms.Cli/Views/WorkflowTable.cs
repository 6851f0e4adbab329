using System.Globalization;
using Cli.Common.Output;
using Common.Text;
using Dms.Contracts.Workflows;

namespace Dms.Cli.Views;

/// <summary>
/// `dmscli list workflows` as tables. The default one fits the terminal (100 columns when there is
/// none): full ids, since they are what every other command takes; the last column says what each
/// workflow does, or for one that failed why, cut to fit. -o wide adds times and both sides whole.
/// </summary>
internal static class WorkflowTable
{
    /// <summary>Columns when stdout is no terminal and COLUMNS is unset.</summary>
    public const int DefaultWidth = 100;

    /// <summary>How much of a subject or a failure the wide table shows, so a row stays readable; `get workflow` has the rest.</summary>
    private const int WideTextLength = 60;

    public static string Render(IEnumerable<Workflow> workflows, ClusterNames clusters, DateTimeOffset now, int width, bool withHeaders) =>
        Table.Render(["ID", "TYPE", "STATE", "DONE", "AGE", "DETAILS"], workflows.Select(w => (IReadOnlyList<string?>)
            [w.Id, WorkflowTypeNames.Short(w.Type), w.State, Percent(w), Human.Age(w.CreatedAt, now), Details(w, clusters)]), withHeaders, width);

    public static string RenderWide(IEnumerable<Workflow> workflows, ClusterNames clusters, DateTimeOffset now, bool withHeaders) =>
        Table.Render(["ID", "TYPE", "STATE", "DONE", "STAGE", "CREATED", "DURATION", "DOES", "MESSAGE"], workflows.Select(w => (IReadOnlyList<string?>)
            [
                w.Id, WorkflowTypeNames.Short(w.Type), w.State, Percent(w), w.Progress.Stage, Human.Time(w.CreatedAt),
                w.StartedAt is { } started ? Human.Duration((w.EndedAt ?? now) - started) : "-",
                TextFit.Truncate(WorkflowSubject.Describe(w, clusters), WideTextLength),
                TextFit.Truncate((WorkflowFailure.Of(w)?.Short ?? w.Msg ?? "").ReplaceLineEndings(" "), WideTextLength),
            ]), withHeaders);

    /// <summary>What it does; for a workflow that failed or was canceled, why, since that is what its operator looks for.</summary>
    private static string Details(Workflow workflow, ClusterNames clusters) =>
        (WorkflowFailure.Of(workflow)?.Short ?? WorkflowSubject.Describe(workflow, clusters)).ReplaceLineEndings(" ");

    private static string Percent(Workflow workflow) => string.Create(CultureInfo.InvariantCulture, $"{workflow.Progress.Percent}%");
}
