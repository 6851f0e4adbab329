using System.Diagnostics;
using Dms.Contracts;
using Dms.Service.Telemetry;
using Dms.Service.Tests.Cloning;
using Dms.Service.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Dms.Service.Tests.Telemetry;

/// <summary>
/// What an operator's Prometheus and OpenTelemetry collector see after a real clone. The rig's dms
/// is this class's own, but other tests' hosts share the process (and its static meters and
/// sources), so the checks are lower bounds and spans are picked by workflow id.
/// </summary>
public sealed class DmsTelemetryTests(SharedCloneRig shared) : IClassFixture<SharedCloneRig>
{
    private const int SourceData = 4 << 20;
    private readonly CloneRig _rig = shared.Rig;

    [Fact]
    public async Task AfterAClone_Metrics_CountItsBytesStepsRequestsAndClusterCalls()
    {
        var workflow = await CloneAsync("metrics-copy");

        var metrics = PrometheusText.Parse(await _rig.Http.GetStringAsync(Routes.Metrics), sumRepeatedSeries: true);

        Assert.InRange(metrics.Sum("dms_bytes_copied_total"), SourceData, double.MaxValue);
        Assert.InRange(metrics.Sum("dms_copy_throughput_bytes_per_second_count"), 1, double.MaxValue);
        Assert.InRange(metrics.Sum("dms_copy_throughput_bytes_per_second_sum"), 1, double.MaxValue);
        foreach (var step in StepsOf(workflow.Type))
        {
            var completed = metrics.Sum("dms_workflow_step_duration_seconds_count", ("workflow_type", workflow.Type), ("workflow_step", step), ("outcome", "completed"));
            Assert.True(completed >= 1, $"no completed try of step {step} measured");
        }

        Assert.Equal("histogram", metrics.Types["dms_workflow_step_duration_seconds"]);
        // Only the series, not its value: every in-process test host registers a gauge of this name, and
        // OpenTelemetry keeps the last callback's value for one tag set, which may be another host's
        // (a CI run saw 0). A production process has one host; the counts are tested on the store.
        Assert.Single(metrics.Series("dms_workflows", ("type", workflow.Type), ("state", "COMPLETED")));
        Assert.Single(metrics.Series("dms_workflows", ("type", workflow.Type), ("state", "FAILED")));
        Assert.Single(metrics.Series("dms_workflow_leftovers"));
        Assert.InRange(metrics.Sum("http_server_request_duration_seconds_count", ("http_route", Routes.ThickCloneVolume), ("http_request_method", "POST")), 1, double.MaxValue);
        Assert.InRange(metrics.Sum("http_server_request_duration_seconds_sum", ("http_route", Routes.ThickCloneVolume)), double.Epsilon, double.MaxValue);
        // The cluster API calls, by the HttpClient's own meter.
        Assert.InRange(metrics.Sum("http_client_request_duration_seconds_count", ("http_response_status_code", "200")), 1, double.MaxValue);
        Assert.Contains(metrics.Types.Keys, name => name.StartsWith("dotnet_gc_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AClone_LeavesOneSpanPerStep_WithItsWorkflowId_AndItsClusterCallsInTheSameTrace()
    {
        var spans = new List<Activity>();
        var tracing = Sdk.CreateTracerProviderBuilder().AddSource(DmsTelemetry.TraceSources).AddInMemoryExporter(spans).Build();
        WorkflowRecord workflow;
        try
        {
            workflow = await CloneAsync("traced-copy");
        }
        finally
        {
            // Exports stop here, so the list is read while nothing appends to it.
            tracing.Dispose();
        }

        var id = workflow.Id.ToString();
        var steps = spans.Where(s => s.Source.Name == WorkflowTelemetry.Name && Equals(s.GetTagItem("dms.workflow.id"), id) && Equals(s.GetTagItem("dms.workflow.phase"), "step"))
            .OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(StepsOf(workflow.Type), steps.Select(s => (string)s.GetTagItem("dms.workflow.step")!));
        Assert.All(steps, s => Assert.Equal((workflow.Type, 1), ((string)s.GetTagItem("dms.workflow.type")!, (int)s.GetTagItem("dms.workflow.attempt")!)));
        Assert.Single(steps.Select(s => s.TraceId).Distinct());
        Assert.Contains(spans, s => s.Source.Name == "System.Net.Http" && s.TraceId == steps[0].TraceId);
    }

    private async Task<WorkflowRecord> CloneAsync(string name)
    {
        var (_, snapshot, _) = await CloneRig.SourceAsync(_rig.A, "16 mib", (0, SourceData));
        var id = await _rig.StartAsync(Routes.ThickCloneVolume, CloneRig.Request(_rig.A, snapshot, _rig.B, name));
        var workflow = await _rig.Dms.Workflows.EndedAsync(id);
        Assert.True(workflow.State == WorkflowState.Completed, workflow.Msg);
        return workflow;
    }

    private IEnumerable<string> StepsOf(string type) =>
        _rig.Dms.Services.GetServices<WorkflowDefinition>().Single(d => d.Type == type).Steps.Select(s => s.Name);
}
