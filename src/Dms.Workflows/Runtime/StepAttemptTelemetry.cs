using System.Diagnostics;

namespace Dms.Workflows.Runtime;

/// <summary>One try of a step or compensation as a span and a duration measurement, tagged alike.</summary>
internal sealed class StepAttemptTelemetry : IDisposable
{
    private readonly Activity? _activity;
    private readonly TagList _tags;
    private readonly TimeProvider _time;
    private readonly long _started;
    private string _outcome = "abandoned";

    /// <param name="phase"><c>step</c> or <c>compensation</c>.</param>
    public StepAttemptTelemetry(WorkflowRecord workflow, string step, string phase, int attempt, TimeProvider time)
    {
        _time = time;
        _started = time.GetTimestamp();
        _tags = new TagList { { "workflow.type", workflow.Type }, { "workflow.step", step }, { "workflow.phase", phase } };
        _activity = WorkflowTelemetry.Source.StartActivity($"{phase} {step}");
        if (_activity is not null)
        {
            _activity.SetTag("dms.workflow.id", workflow.Id.ToString());
            _activity.SetTag("dms.workflow.type", workflow.Type);
            _activity.SetTag("dms.workflow.step", step);
            _activity.SetTag("dms.workflow.phase", phase);
            _activity.SetTag("dms.workflow.attempt", attempt);
        }
    }

    public void Completed() => _outcome = "completed";

    public void Failed(Exception error)
    {
        _outcome = "failed";
        _activity?.SetStatus(ActivityStatusCode.Error, error.Message);
    }

    public void Dispose()
    {
        var tags = _tags;
        tags.Add("outcome", _outcome);
        WorkflowTelemetry.StepDuration.Record(_time.GetElapsedTime(_started).TotalSeconds, tags);
        _activity?.Dispose();
    }
}
