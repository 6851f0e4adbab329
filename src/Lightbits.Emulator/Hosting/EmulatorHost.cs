using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Common.IO;
using Common.Tls;
using Lightbits.Emulator.Api;
using Lightbits.Emulator.Auth;
using Lightbits.Emulator.Data;
using Lightbits.Emulator.Faults;
using Lightbits.Emulator.State;
using Lightbits.Emulator.Storage;
using Lightbits.Emulator.Wire;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Lightbits.Emulator.Hosting;

/// <summary>
/// One emulated cluster: loads (or creates) its identity and state from the data dir, starts
/// every server's endpoints, reports them, and runs until stopped.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    public const string Version = "3.12.1-lbemu";

    private readonly EmulatorOptions _options;
    private readonly ServerAddressing _addressing;
    private readonly TimeProvider _time;
    private readonly TimeProvider _tokenClock;
    private readonly ServerRegistry _servers = new();
    private readonly FaultInjector _faults = new();
    private readonly ChangedBlocksFaults _changedBlocksFaults = new();
    private readonly UnknownFieldLog _unknownFields = new();
    private readonly ILoggerFactory _loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true)
        .AddFilter(level => level >= LogLevel.Information)
        .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
    private ClusterState? _state;

    /// <summary>Where ports come from when none is asked for or remembered (a test may race it).</summary>
    internal Func<IPAddress, int> PortPicker { get; init; } = PortAllocator.FreePort;

    private BlockStore? _blocks;
    private readonly Dictionary<string, X509Certificate2> _certificates = new(StringComparer.Ordinal);

    // Servers whose ports PortAllocator picked this run, which may move if another process takes one.
    private readonly HashSet<string> _picked = new(StringComparer.Ordinal);

    /// <param name="time">The cluster's clock: state transitions, delays, what it stamps.</param>
    /// <param name="tokenClock">
    /// What token lifetimes are checked against; <paramref name="time"/> unless given. Tests that move
    /// the cluster's clock by hand pass the machine's here, so a client minting tokens by the real
    /// clock (as DMS does, per request) is judged as a real cluster would judge it.
    /// </param>
    public EmulatorHost(EmulatorOptions options, TimeProvider? time = null, TimeProvider? tokenClock = null)
    {
        _options = options;
        _addressing = new ServerAddressing(options);
        _time = time ?? TimeProvider.System;
        _tokenClock = tokenClock ?? _time;
    }

    private string PathOf(string file) => Path.Combine(_options.DataDir, file);

    public ClusterState State => _state ?? throw new InvalidOperationException("not started");

    /// <summary>The volumes' data (tests read and write it directly to check what clients see).</summary>
    public BlockStore Blocks => _blocks ?? throw new InvalidOperationException("not started");

    public StartupReport? Report { get; private set; }

    /// <summary>The volumes' NVMe/TCP side (e.g. to watch writes from a test that hosts the emulator).</summary>
    public DataPlane Data { get; private set; } = null!;

    /// <summary>The cluster's servers, to stop and start them from a test that hosts the emulator.</summary>
    public ServerRegistry Servers => _servers;

    /// <summary>Request fields the cluster received that the API does not have (a real cluster drops them silently).</summary>
    public UnknownFieldLog UnknownFields => _unknownFields;

    public async Task<StartupReport> StartAsync()
    {
        Directory.CreateDirectory(_options.DataDir);
        var statePath = PathOf("state.json");
        var persisted = StateFile.Load(statePath) ?? new PersistedState { Identity = NewIdentity() };
        AssignEndpoints(persisted.Identity);
        _blocks = OpenBlockStore(persisted);
        _state = new ClusterState(persisted, statePath, _options, _time, new BlockStoreVolumeData(_blocks, _loggers.CreateLogger("lbemu.data")));
        _state.PhysicalBytesUsed = () => _blocks.AllocatedBytes;

        var identity = _state.Identity;
        for (var i = 0; i < identity.Servers.Count; i++)
        {
            // One certificate for the cluster (as lbemu's default), or one per server as real installs may have.
            var server = identity.Servers[i];
            var suffix = _options.CertificatePerServer && i > 0 ? "-" + server.Name : "";
            var names = _options.CertificatePerServer ? [_addressing.AddressOf(i)] : _addressing.AllAddresses(identity.Servers.Count);
            _certificates[server.Name] = TlsCertificate.LoadOrCreate(PathOf($"tls-cert{suffix}.pem"), PathOf($"tls-key{suffix}.pem"), names, identity.Name);
        }
        SystemCredential.Ensure(_state, PathOf("system-key.pem"), PathOf("system-jwt"), _options.SystemJwtLifetime, _time);

        var dataPlane = new DataPlane(_state, _blocks);
        Data = dataPlane;
        foreach (var record in identity.Servers)
        {
            var server = new EmulatedServer(record.Name, () => BuildApi(record), [dataPlane.EndpointsOf(record)]);
            _servers.Add(server);
            await StartOnFreePortsAsync(server, record);
        }

        Report = new StartupReport
        {
            ClusterUuid = identity.Uuid,
            ClusterName = identity.Name,
            SubsystemNqn = identity.SubsystemNqn,
            Servers = [.. identity.Servers.Select(s => new ServerReport
            {
                Name = s.Name, Uuid = s.Uuid, NodeUuid = s.NodeUuid,
                ApiEndpoint = s.ApiEndpoint, DiscoveryEndpoint = s.DiscoveryEndpoint, NvmeEndpoint = s.NvmeEndpoint,
            })],
            SystemJwtPath = PathOf("system-jwt"),
            TlsCertPath = PathOf("tls-cert.pem"),
            TlsCertSha256 = string.Join(',', identity.Servers.Select(s => TlsOptions.Fingerprint(_certificates[s.Name])).Distinct()),
            DataDir = Path.GetFullPath(_options.DataDir),
            Pid = Environment.ProcessId,
        };
        AtomicFile.WriteAllText(PathOf("cluster.json"), JsonSerializer.Serialize(Report) + "\n");
        return Report;
    }

    private BlockStore OpenBlockStore(PersistedState persisted)
    {
        var blockOptions = new BlockStoreOptions { CapacityBytes = _options.CapacityBytes };
        if (!_options.MemoryStorage)
        {
            return BlockStore.Open(PathOf("blocks"), blockOptions);
        }

        // Metadata outlives the process but memory data does not: volumes that survived a restart
        // would read zeros, so refuse rather than hand out silently emptied volumes.
        if (persisted.Volumes.Count > 0 || persisted.Snapshots.Count > 0)
        {
            throw new InvalidOperationException(
                $"--storage memory keeps volume data in RAM only, and {_options.DataDir} lists {persisted.Volumes.Count} volume(s) and " +
                $"{persisted.Snapshots.Count} snapshot(s) of an earlier run whose data is gone; use an empty --data-dir, or --storage file");
        }

        return BlockStore.CreateInMemory(blockOptions);
    }

    private ClusterIdentity NewIdentity()
    {
        var uuid = Guid.NewGuid().ToString();
        var servers = Enumerable.Range(0, _options.Servers).Select(i => new ServerRecord
        {
            Name = $"server{i:00}",
            Uuid = Guid.NewGuid().ToString(),
            NodeUuid = Guid.NewGuid().ToString(),
            ApiEndpoint = "",
            DiscoveryEndpoint = "",
            NvmeEndpoint = "",
        }).ToList();
        return new ClusterIdentity
        {
            Uuid = uuid,
            Name = _options.ClusterName ?? $"lbemu-{uuid[..8]}",
            SubsystemNqn = $"nqn.2016-01.com.lightbitslabs:uuid:{Guid.NewGuid()}",
            Version = Version,
            Servers = servers,
        };
    }

    /// <summary>
    /// With an address per server, every server gets the shared ports (<see cref="ServerAddressing"/>). Otherwise
    /// explicit ports win (server i gets port + i); else the ports this data dir used before, so clients that
    /// stored the endpoints find the cluster again after a restart; else free ones.
    /// </summary>
    private void AssignEndpoints(ClusterIdentity identity)
    {
        if (identity.Servers.Count != _options.Servers && File.Exists(PathOf("state.json")))
        {
            throw new InvalidOperationException(
                $"{_options.DataDir} holds a cluster of {identity.Servers.Count} servers; --servers {_options.Servers} does not match");
        }
        var shared = _addressing.PerServer ? _addressing.SharedPorts() : default;
        for (var i = 0; i < identity.Servers.Count; i++)
        {
            var server = identity.Servers[i];
            var address = _addressing.AddressOf(i);
            if (_addressing.PerServer)
            {
                server.ApiEndpoint = FormatEndpoint(address, shared.Api);
                server.DiscoveryEndpoint = FormatEndpoint(address, shared.Discovery);
                server.NvmeEndpoint = FormatEndpoint(address, shared.Nvme);
                continue;
            }
            server.ApiEndpoint = Endpoint(server, _options.ApiPort, i, server.ApiEndpoint, address);
            server.DiscoveryEndpoint = Endpoint(server, _options.DiscoveryPort, i, server.DiscoveryEndpoint, address);
            server.NvmeEndpoint = Endpoint(server, _options.NvmePort, i, server.NvmeEndpoint, address);
        }
    }

    private string Endpoint(ServerRecord server, int basePort, int index, string previous, IPAddress address)
    {
        if (basePort != 0)
        {
            return FormatEndpoint(address, basePort + index);
        }

        if (previous.Length > 0 && previous.StartsWith(_options.Address + ":", StringComparison.Ordinal))
        {
            return previous;
        }

        _picked.Add(server.Name);
        return FormatEndpoint(address, PortPicker(address));
    }

    /// <summary>
    /// Starts <paramref name="server"/>; when its ports were picked by us (not asked for, not
    /// remembered) and another process bound one first, picks others and tries again.
    /// </summary>
    private async Task StartOnFreePortsAsync(EmulatedServer server, ServerRecord record)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await server.StartAsync();
                return;
            }
            catch (Exception e) when (attempt < 5 && _picked.Contains(record.Name) && IsAddressInUse(e))
            {
                var address = IPEndPoint.Parse(record.ApiEndpoint).Address;
                record.ApiEndpoint = FormatEndpoint(address, PortPicker(address));
                record.DiscoveryEndpoint = FormatEndpoint(address, PortPicker(address));
                record.NvmeEndpoint = FormatEndpoint(address, PortPicker(address));
                _state!.EndpointsMoved();
            }
        }
    }

    private static bool IsAddressInUse(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is Microsoft.AspNetCore.Connections.AddressInUseException
                or System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }
        return false;
    }

    internal static string FormatEndpoint(IPAddress address, int port) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";

    private WebApplication BuildApi(ServerRecord server)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        // stdout carries the start-up line only; logs go to stderr.
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = 1 << 20;
            var api = IPEndPoint.Parse(server.ApiEndpoint);
            kestrel.Listen(api.Address, api.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(_certificates[server.Name]);
            });
        });
        builder.Services.AddSingleton(_state!);
        builder.Services.AddSingleton(_blocks!);
        builder.Services.AddSingleton(_servers);
        builder.Services.AddSingleton(_faults);
        builder.Services.AddSingleton(_changedBlocksFaults);
        builder.Services.AddSingleton(_unknownFields);
        builder.Services.ConfigureHttpJsonOptions(json => WireJson.ApplyTo(json.SerializerOptions, _options.EmitDefaults));
        builder.Services.AddSingleton(_options);
        builder.Services.AddSingleton(_time);
        builder.Services.AddSingleton(new ServerIdentity(server.Name));
        builder.Services.AddSingleton(sp => new JwtValidator(sp.GetRequiredService<ClusterState>(), _tokenClock));

        var app = builder.Build();
        app.UseMiddleware<ErrorHandling>();
        app.UseMiddleware<FaultMiddleware>();
        ClusterRoutes.Map(app);
        ProjectRoutes.Map(app);
        PolicyRoutes.Map(app);
        CredentialRoutes.Map(app);
        VolumeRoutes.Map(app);
        SnapshotRoutes.Map(app);
        ChangedBlocksRoutes.Map(app);
        EmulatorAdminRoutes.Map(app);
        app.MapFallback((HttpContext context) =>
            throw new ApiException(HttpStatusCode.NotFound, $"no route {context.Request.Method} {context.Request.Path}"));
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers.All)
        {
            await server.DisposeAsync();
        }
        _state?.Dispose();
        _blocks?.Dispose();
        foreach (var certificate in _certificates.Values)
        {
            certificate.Dispose();
        }
        _loggers.Dispose();
    }
}
