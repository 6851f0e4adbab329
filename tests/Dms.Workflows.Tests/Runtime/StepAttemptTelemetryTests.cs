using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Dms.Workflows.Tests;

/// <summary>
/// Each try of a step is a span and a duration measurement, and each transient failure a retry
/// counted by its cause. Other tests run workflows in the same process: this one's type is unique.
/// </summary>
public sealed class StepAttemptTelemetryTests : IAsyncLifetime
{
    private readonly string _type = $"Telemetry-{Guid.NewGuid():N}";
    private readonly WorkflowTestBed _bed = new();
    private readonly StepLog _log = new();
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
    private readonly ActivityListener _tracing;
    private readonly MeterListener _metrics = new();

    public StepAttemptTelemetryTests()
    {
        _tracing = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WorkflowTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (Equals(activity.GetTagItem("dms.workflow.type"), _type))
                {
                    _spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_tracing);
        _metrics.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WorkflowTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _metrics.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _metrics.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _metrics.Start();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _tracing.Dispose();
        _metrics.Dispose();
        await _bed.DisposeAsync();
    }

    [Fact]
    public async Task A_step_that_succeeds_on_its_third_try_leaves_three_spans_two_retries_and_three_durations()
    {
        _bed.StartRunner([new WorkflowDefinition(_type,
        [
            _log.Step("create"),
            _log.Step("copy", (ctx, _) => ctx.StepAttempt < 3 ? throw WorkflowStepException.Transient("503 busy", ErrorSide.SourceCluster) : Task.CompletedTask),
        ])]);

        var created = await _bed.CreateAsync(_type);
        await _bed.WaitForStateAsync(created.Id, WorkflowState.Completed);

        var copies = _spans.Where(s => Equals(s.GetTagItem("dms.workflow.step"), "copy")).OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal([1, 2, 3], copies.Select(s => (int)s.GetTagItem("dms.workflow.attempt")!));
        Assert.Equal([ActivityStatusCode.Error, ActivityStatusCode.Error, ActivityStatusCode.Unset], copies.Select(s => s.Status));
        Assert.All(_spans, s => Assert.Equal(created.Id.ToString(), s.GetTagItem("dms.workflow.id")));
        var retries = _measurements.Where(m => m.Instrument == "dms.workflow.step.retries").ToList();
        Assert.Equal(2, retries.Sum(r => r.Value));
        Assert.All(retries, r => Assert.Equal(("copy", "source cluster"), ((string)r.Tags["workflow.step"]!, (string)r.Tags["cause"]!)));
        var durations = _measurements.Where(m => m.Instrument == "dms.workflow.step.duration" && Equals(m.Tags["workflow.step"], "copy")).ToList();
        Assert.Equal(["failed", "failed", "completed"], durations.Select(d => (string)d.Tags["outcome"]!));
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var byName = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, tag) in tags)
        {
            byName[key] = tag;
        }

        if (Equals(byName.GetValueOrDefault("workflow.type"), _type))
        {
            _measurements.Enqueue((instrument.Name, value, byName));
        }
    }
}
