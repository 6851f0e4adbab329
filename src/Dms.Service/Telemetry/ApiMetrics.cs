using System.Diagnostics.Metrics;

namespace Dms.Service.Telemetry;

/// <summary>
/// What the API counts beyond ASP.NET Core's own <c>http.server.request.duration</c> (which has the
/// route template, method and status of every request).
/// </summary>
internal sealed class ApiMetrics(IMeterFactory meters)
{
    private readonly Counter<long> _errors = meters.Create(DmsTelemetry.MeterName)
        .CreateCounter<long>("dms.errors", "{error}", "Requests that failed with an unhandled exception (details in the log), by kind.");

    public void CountUnhandled() => _errors.Add(1, new KeyValuePair<string, object?>("kind", "unhandled"));
}
