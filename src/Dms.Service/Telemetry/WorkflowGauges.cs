using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;

namespace Dms.Service.Telemetry;

/// <summary>
/// Workflows by type and state, and the janitor's backlog, as observable gauges. The counts live in
/// the store and reading them is asynchronous, while a gauge's callback is not: the scrape refreshes
/// a snapshot first (<see cref="RefreshAsync"/>) and the callbacks read it.
/// </summary>
internal sealed class WorkflowGauges
{
    private readonly WorkflowClient _workflows;
    private readonly IReadOnlyList<string> _types;
    private volatile Snapshot _snapshot = new(new Dictionary<(string, WorkflowState), long>(), 0);

    public WorkflowGauges(WorkflowClient workflows, IEnumerable<WorkflowDefinition> definitions, IMeterFactory meters)
    {
        _workflows = workflows;
        _types = [.. definitions.Select(d => d.Type).Distinct(StringComparer.Ordinal)];
        var meter = meters.Create(DmsTelemetry.MeterName);
        meter.CreateObservableGauge("dms.workflows", ObserveWorkflows, "{workflow}", "Workflows in the store by type and state.");
        meter.CreateObservableGauge("dms.workflow_leftovers", () => _snapshot.Leftovers, "{leftover}",
            "Things ended workflows left behind (e.g. a temporary clone) that the janitor is still removing.");
    }

    /// <summary>Reads the counts from the store; runs before each scrape, after its access check.</summary>
    public async Task RefreshAsync(CancellationToken ct) =>
        _snapshot = new Snapshot(await _workflows.CountByTypeAndStateAsync(ct), await _workflows.CountLeftoversAsync(ct));

    /// <summary>Every known type in every state, 0 included, so an alert on a series that is absent until the first failure still fires.</summary>
    private IEnumerable<Measurement<long>> ObserveWorkflows()
    {
        var counts = _snapshot.Counts;
        var types = _types.Concat(counts.Keys.Select(k => k.Type)).Distinct(StringComparer.Ordinal);
        return from type in types
               from state in Enum.GetValues<WorkflowState>()
               select new Measurement<long>(counts.GetValueOrDefault((type, state)),
                   new KeyValuePair<string, object?>("type", type), new KeyValuePair<string, object?>("state", state.ToWireName()));
    }

    /// <summary>Middleware for the scrape endpoint's branch.</summary>
    public async Task RefreshThenAsync(HttpContext context, RequestDelegate next)
    {
        await RefreshAsync(context.RequestAborted);
        await next(context);
    }

    private sealed record Snapshot(IReadOnlyDictionary<(string Type, WorkflowState State), long> Counts, long Leftovers);
}
