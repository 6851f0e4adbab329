using Dms.Cloning;
using Dms.Service.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Dms.Service.Telemetry;

/// <summary>
/// Wires the instruments (System.Diagnostics.Metrics) and spans (ActivitySource) of DMS and its
/// libraries to OpenTelemetry: metrics are scraped at /metrics, traces leave by OTLP only when
/// dms.yaml names a collector (<c>otlpEndpoint</c>).
/// <para>
/// The Prometheus exporter is OpenTelemetry's (OpenTelemetry.Exporter.Prometheus.AspNetCore) rather
/// than prometheus-net: it reads System.Diagnostics.Metrics instruments as they are, names them by
/// OpenTelemetry's Prometheus mapping (dots to underscores, unit and _total suffixes), and shares the
/// pipeline the traces, the ASP.NET Core, HttpClient and runtime instrumentation already need;
/// prometheus-net would need its own bridge for the platform's meters and had no release since 8.2.1.
/// It is still a beta on NuGet (1.x-beta for years, maintained in the OpenTelemetry .NET repository),
/// hence the pinned version.
/// </para>
/// </summary>
internal static class DmsTelemetry
{
    /// <summary>The meter of Dms.Service's own instruments.</summary>
    public const string MeterName = "Dms.Service";

    /// <summary>
    /// Where the spans come from: a span per workflow step (Dms.Workflows) and one per HTTP call,
    /// which are the cluster API calls (the .NET HttpClient's own source; DMS calls nothing else).
    /// </summary>
    public static readonly string[] TraceSources = [WorkflowTelemetry.Name, "System.Net.Http"];

    private static readonly string[] Meters = [MeterName, WorkflowTelemetry.Name, "System.Net.Http"];

    public static void AddDmsTelemetry(this IServiceCollection services, DmsSettings settings)
    {
        services.AddSingleton<CopyMetrics>();
        services.AddSingleton<ICopyMetrics>(sp => sp.GetRequiredService<CopyMetrics>());
        services.AddSingleton<ApiMetrics>();
        services.AddSingleton<WorkflowGauges>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("dms"))
            .WithMetrics(metrics => metrics
                .AddMeter(Meters)
                // http.server.request.duration by route template, method and status; Kestrel's connections.
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                // Every scrape collects afresh: the workflow gauges were just refreshed for it (WorkflowGauges).
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        if (settings.OtlpEndpoint is { } collector)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(TraceSources)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(o =>
                {
                    o.Endpoint = collector;
                    o.Protocol = collector.AbsolutePath.EndsWith("/v1/traces", StringComparison.Ordinal) ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                }));
        }
    }

    /// <summary>
    /// The Prometheus scrape as an ordinary GET route — so the API description lists it and the
    /// security tests attack it like every other — whose caller decides who may call it.
    /// </summary>
    public static RouteHandlerBuilder MapMetrics(this IEndpointRouteBuilder app, string path)
    {
        var gauges = app.ServiceProvider.GetRequiredService<WorkflowGauges>();
        var scrape = app.CreateApplicationBuilder()
            .UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null, predicate: _ => true, path: null,
                configureBranchedPipeline: branch => branch.Use(gauges.RefreshThenAsync), optionsName: null)
            .Build();
        // A delegate with more than the context, so it is mapped (and described) as a route handler, not a bare RequestDelegate.
        return app.MapGet(path, (HttpContext context, CancellationToken _) => scrape(context));
    }
}
