using System.Net;
using Dms.Cloning;
using Dms.Cloning.Throttling;
using Dms.Contracts;
using Dms.Contracts.Json;
using Dms.Service.Api;
using Dms.Service.Auth;
using Dms.Service.Cloning;
using Dms.Service.Clusters;
using Dms.Service.Clusters.SelfCheck;
using Dms.Service.Configuration;
using Dms.Service.Dashboard;
using Dms.Service.Telemetry;
using Dms.Service.Workflows;
using Dms.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Dms.Service;

/// <summary>Composes the web host: Kestrel with TLS, auth, routes, the workflow engine and the cluster probe.</summary>
internal static class DmsApp
{
    /// <param name="configure">Extra services, e.g. more <see cref="WorkflowDefinition"/>s (tests, later features).</param>
    public static WebApplication Build(DmsRuntime runtime, Action<IServiceCollection>? configure = null)
    {
        var settings = runtime.Settings;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // A backstop only: RequestBody enforces the API limit with a message naming it.
            kestrel.Limits.MaxRequestBodySize = Math.Max(settings.MaxRequestBodyBytes * 4L, 1 << 20);
            var (address, port) = ParseListen(settings.Listen);
            kestrel.Listen(address, port, listen =>
            {
                if (runtime.TlsCertificate is { } certificate)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        ConfigureLogging(builder.Logging, settings.LogLevel);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, DmsJsonContext.Wire));
        builder.Services.AddOpenApi(o => o
            .AddDocumentTransformer(EndpointAccess.DescribeSchemeAsync)
            .AddOperationTransformer(RequestBodyDocumentation.DescribeAsync)
            .AddOperationTransformer(EndpointAccess.DescribeOperationAsync));
        builder.Services.AddSessionAuthentication();
        AddServices(builder.Services, runtime);
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        // Routing before authorization, so the decision is the matched endpoint's, whatever the path's spelling.
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        var limits = new ApiLimits(settings.MaxRequestBodyBytes);
        LoginEndpoints.Map(app, limits);
        ServiceCredentialEndpoints.Map(app, limits);
        ClusterEndpoints.Map(app, limits);
        WorkflowEndpoints.Map(app, limits);
        ThickCloneEndpoints.Map(app, limits);
        VersionEndpoints.Map(app);
        ClusterSnapshotEndpoints.Map(app);
        OperationalEndpoints.Map(app, settings.MetricsAuth);
        app.MapOpenApi(Routes.OpenApi).AllowsAnyone();
        DashboardEndpoints.Map(app);
        EndpointAccess.VerifyEveryEndpointDecided(((IEndpointRouteBuilder)app).DataSources);
        return app;
    }

    /// <summary>The https:// (or http://) address Kestrel bound, with the real port when 0 was asked for.</summary>
    public static string BoundAddress(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private static void AddServices(IServiceCollection services, DmsRuntime runtime)
    {
        var settings = runtime.Settings;
        var time = runtime.Time;
        services.AddSingleton(time);
        services.AddSingleton(runtime.ClusterKeys);
        services.AddSingleton(runtime.HostNqn);
        services.AddSingleton(runtime.Stores.Workflows);
        services.AddSingleton(runtime.Stores.Clusters);
        services.AddDmsTelemetry(settings);
        services.AddSingleton(sp => new HtpasswdFile(settings.ConfigDir.HtpasswdFile, sp.GetRequiredService<ILogger<HtpasswdFile>>()));
        services.AddSingleton(new LoginThrottle(settings.LoginMaxFailures, settings.LoginFailureWindow, time));
        services.AddSingleton(sp => new SessionTokens(runtime.SessionKey, sp.GetRequiredService<HtpasswdFile>().EntryOf, time, settings.TokenLifetime));

        services.AddSingleton(new ClustersYaml(settings.ConfigDir.ClustersYamlFile));
        services.AddSingleton(new ClusterClientFactory(runtime.ClusterKeys, time, settings.ClusterConnectTimeout));
        services.AddSingleton(sp => new ClusterConnections(sp.GetRequiredService<ClusterRegistry>(), sp.GetRequiredService<ClusterClientFactory>()));
        services.AddSingleton<ClusterStatusBoard>();
        services.AddSingleton(sp => new AccessProbe(sp.GetRequiredService<ClusterClientFactory>()));
        services.AddSingleton(new DataPathProbe(runtime.HostNqn, time));
        services.AddSingleton(sp => new ClusterProbeService(sp.GetRequiredService<ClusterRegistry>(), sp.GetRequiredService<ClusterStatusBoard>(),
            sp.GetRequiredService<AccessProbe>(), sp.GetRequiredService<DataPathProbe>(), settings.ProbeInterval, time,
            sp.GetRequiredService<ILogger<ClusterProbeService>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ClusterProbeService>());
        services.AddSingleton(sp => new ClusterKeyRotation(runtime.ClusterKeys, sp.GetRequiredService<ClusterRegistry>(), sp.GetRequiredService<ClusterClientFactory>(),
            settings.ProbeInterval, time, sp.GetRequiredService<ILogger<ClusterKeyRotation>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ClusterKeyRotation>());

        services.AddSingleton(sp => new ChangedBlocksSelfCheck(sp.GetRequiredService<CloneServices>(), sp.GetRequiredService<ClusterRegistry>(),
            sp.GetRequiredService<ClusterConnections>(), settings.ChangedBlocksCheckTimeout, time, sp.GetRequiredService<ILogger<ChangedBlocksSelfCheck>>()));
        services.AddSingleton(sp => AttachClusterWorkflow.Create(sp.GetRequiredService<ClusterRegistry>(), sp.GetRequiredService<ClustersYaml>(),
            sp.GetRequiredService<ClusterClientFactory>(), runtime.ClusterKeys, sp.GetRequiredService<ClusterProbeService>(), sp.GetRequiredService<ChangedBlocksSelfCheck>(),
            settings.ClusterTrust, time));
        services.AddSingleton(sp => RefreshClustersWorkflow.Create(sp.GetRequiredService<ClusterRegistry>(),
            sp.GetRequiredService<ClusterConnections>(), sp.GetRequiredService<ClusterProbeService>(), sp.GetRequiredService<ChangedBlocksSelfCheck>(), time));

        services.AddSingleton(new CloneOptions
        {
            Copy = new Dms.Cloning.Copy.CopyOptions { IoSize = settings.CopyIoSize, Depth = settings.CopyDepth, Time = time },
            NvmeIoQueues = settings.NvmeIoQueues,
            MaxBandwidth = settings.CopyMaxBandwidth,
            WorkflowBandwidth = settings.CopyWorkflowBandwidth,
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<CloneOptions>();
            var throttles = new CopyThrottles(time);
            throttles.Apply(options.MaxBandwidth, options.WorkflowBandwidth);
            return throttles;
        });
        services.AddSingleton<CopySessions>();
        services.AddSingleton<CloneServices>();
        services.AddSingleton<ThickCloneValidator>();
        services.AddSingleton(sp => new CopyLimitsWatcher(settings.ConfigDir, sp.GetRequiredService<CopyThrottles>(), sp.GetRequiredService<ILogger<CopyLimitsWatcher>>()));
        services.AddHostedService(sp => sp.GetRequiredService<CopyLimitsWatcher>());
        services.AddSingleton(sp => new HangupReloader(settings, sp.GetRequiredService<HtpasswdFile>(), sp.GetRequiredService<SessionTokens>(),
            sp.GetRequiredService<ClusterKeyRotation>(), sp.GetRequiredService<CopyLimitsWatcher>(), sp.GetRequiredService<ILogger<HangupReloader>>()));
        services.AddHostedService(sp => sp.GetRequiredService<HangupReloader>());
        foreach (var kind in new[] { CloneKind.Volume, CloneKind.Snapshot })
        {
            services.AddSingleton(sp => ThickCloneWorkflows.Create(sp.GetRequiredService<CloneServices>()).Single(d => d.Type == kind.WorkflowType()));
        }

        services.AddSingleton<WorkflowSignal>();
        services.AddSingleton(sp => new WorkflowClient(sp.GetRequiredService<IWorkflowStore>(), sp.GetRequiredService<WorkflowSignal>()));
        services.AddSingleton(sp => new WorkflowRunner(
            sp.GetRequiredService<IWorkflowStore>(),
            sp.GetServices<WorkflowDefinition>(),
            new WorkflowRunnerOptions
            {
                LeaseDuration = settings.LeaseDuration,
                MaxConcurrentWorkflows = settings.MaxConcurrentWorkflows,
                MaxConcurrentPerResource = settings.MaxConcurrentPerCluster,
                Retention = settings.Retention,
                MaxStepAttempts = settings.StepMaxAttempts,
                MaxTimeWithoutProgress = settings.StepMaxTimeWithoutProgress,
                MaxRetryDelay = settings.StepRetryMaxDelay,
                InitialRetryDelay = settings.StepRetryMaxDelay < TimeSpan.FromSeconds(1) ? settings.StepRetryMaxDelay : TimeSpan.FromSeconds(1),
                JanitorInterval = settings.JanitorInterval,
            },
            sp.GetRequiredService<WorkflowSignal>(), time, sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService<WorkflowHostService>();
    }

    private static void ConfigureLogging(ILoggingBuilder logging, string level)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(Enum.TryParse<LogLevel>(level, ignoreCase: true, out var parsed) ? parsed : LogLevel.Information);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // One JSON object per line on stderr (DESIGN §10), with the workflow-id scope the engine opens.
        logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    private static (IPAddress Address, int Port) ParseListen(string listen)
    {
        var colon = listen.LastIndexOf(':');
        return (IPAddress.Parse(listen[..colon].Trim('[', ']')), int.Parse(listen[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
