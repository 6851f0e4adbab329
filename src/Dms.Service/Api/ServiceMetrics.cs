using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Dms.Cloning;
using Dms.Workflows;

namespace Dms.Service.Api;

/// <summary>The Prometheus counters of spec §2 /metrics: HTTP requests, workflows by state, bytes copied, errors.</summary>
internal sealed class ServiceMetrics : ICopyMetrics
{
    private readonly ConcurrentDictionary<(string Method, string Route, int Status), long> _requests = new();
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private long _bytesCopied;

    public void CountRequest(string method, string route, int status) => _requests.AddOrUpdate((method, route, status), 1, (_, n) => n + 1);

    public void CountError(string kind) => _errors.AddOrUpdate(kind, 1, (_, n) => n + 1);

    /// <summary>Called by the copy engine as data lands on the destination.</summary>
    public void AddBytesCopied(long bytes) => Interlocked.Add(ref _bytesCopied, bytes);

    public string Render(IReadOnlyDictionary<WorkflowState, long> workflows, long leftovers)
    {
        var text = new StringBuilder();
        text.Append("# HELP dms_http_requests_total HTTP requests by route and status.\n# TYPE dms_http_requests_total counter\n");
        foreach (var ((method, route, status), count) in _requests.OrderBy(r => r.Key.Route, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"dms_http_requests_total{{method=\"{method}\",route=\"{Escape(route)}\",status=\"{status}\"}} {count}\n");
        }

        text.Append("# HELP dms_workflows Workflows in the store by state.\n# TYPE dms_workflows gauge\n");
        foreach (var state in Enum.GetValues<WorkflowState>())
        {
            text.Append(CultureInfo.InvariantCulture, $"dms_workflows{{state=\"{state.ToWireName()}\"}} {workflows.GetValueOrDefault(state)}\n");
        }

        text.Append("# HELP dms_workflow_leftovers Things ended workflows left behind (e.g. a temporary clone) that the janitor is still removing.\n# TYPE dms_workflow_leftovers gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"dms_workflow_leftovers {leftovers}\n");
        text.Append("# HELP dms_bytes_copied_total Bytes written to destination volumes by thick clones.\n# TYPE dms_bytes_copied_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"dms_bytes_copied_total {Interlocked.Read(ref _bytesCopied)}\n");
        text.Append("# HELP dms_errors_total Errors by kind (unhandled exceptions, 5xx responses).\n# TYPE dms_errors_total counter\n");
        foreach (var (kind, count) in _errors.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"dms_errors_total{{kind=\"{kind}\"}} {count}\n");
        }

        return text.ToString();
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
