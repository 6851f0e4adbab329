using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Dms.Workflows.Runtime;

/// <summary>
/// The engine's traces and metrics, through the platform's own APIs: the host subscribes by
/// <see cref="Name"/> and chooses the exporters (this library knows none).
/// </summary>
public static class WorkflowTelemetry
{
    /// <summary>The name of both the <see cref="ActivitySource"/> and the <see cref="Meter"/>.</summary>
    public const string Name = "Dms.Workflows";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Steps run from seconds (create a volume) to hours (copy a large one).</summary>
    internal static readonly Histogram<double> StepDuration = Meter.CreateHistogram(
        "dms.workflow.step.duration", "s", "How long one try of a workflow step (or of its compensation) took, by outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400] });

    internal static readonly Counter<long> StepRetries = Meter.CreateCounter<long>(
        "dms.workflow.step.retries", "{retry}", "Transient step failures the engine retries, by cause.");
}
