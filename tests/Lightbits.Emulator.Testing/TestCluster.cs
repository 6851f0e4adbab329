using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Common.Tls;
using Lightbits.Api.Auth;
using Lightbits.Api.Http;
using Lightbits.Api.Json;
using Lightbits.Emulator.Hosting;
using Microsoft.Extensions.Time.Testing;
using NvmeTcp.Host;

namespace Lightbits.Emulator.Testing;

/// <summary>
/// A real lbemu cluster in-process on loopback (real HTTPS, real Kestrel), with a fake clock so
/// state transitions happen when a test says so instead of after sleeps.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly EmulatorHost _host;
    private readonly List<IDisposable> _owned = [];

    private TestCluster(EmulatorHost host, FakeTimeProvider time, string dataDir, EmulatorOptions options)
    {
        _host = host;
        Time = time;
        DataDir = dataDir;
        Options = options;
    }

    public FakeTimeProvider Time { get; }
    public string DataDir { get; }
    public EmulatorOptions Options { get; }
    public StartupReport Report => _host.Report!;
    public Lightbits.Emulator.State.ClusterState State => _host.State;
    public Lightbits.Emulator.Storage.BlockStore Blocks => _host.Blocks;
    /// <summary>Request fields the cluster received that the API does not have (a real cluster drops them silently).</summary>
    public IReadOnlyList<Lightbits.Emulator.Api.UnknownField> UnknownFields => _host.UnknownFields.Snapshot();
    public string SystemJwt => File.ReadAllText(Report.SystemJwtPath).Trim();
    public IReadOnlyList<string> ApiEndpoints => [.. Report.Servers.Select(s => s.ApiEndpoint)];
    public TlsOptions Tls => new() { PinnedSha256 = Report.TlsCertSha256 };

    /// <param name="tokensOnTheFakeClock">
    /// Check token lifetimes against <see cref="Time"/> (tests of token expiry) instead of the
    /// machine's clock, which is what clients such as DMS mint their short-lived tokens by.
    /// </param>
    public static async Task<TestCluster> StartAsync(Func<EmulatorOptions, EmulatorOptions>? configure = null, string? dataDir = null, int servers = 3,
        bool tokensOnTheFakeClock = false)
    {
        dataDir ??= Directory.CreateTempSubdirectory("lbemu-test-").FullName;
        var options = new EmulatorOptions { DataDir = dataDir, Servers = servers };
        options = configure?.Invoke(options) ?? options;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var host = new EmulatorHost(options, time, tokensOnTheFakeClock ? time : TimeProvider.System);
        await host.StartAsync();
        return new TestCluster(host, time, dataDir, options);
    }

    /// <summary>A typed client against the given endpoints (default: all), with fast retries.</summary>
    public LightbitsClient Client(string? token = null, IReadOnlyList<string>? endpoints = null)
    {
        var jwt = token ?? SystemJwt;
        var client = new LightbitsClient(new LightbitsClientOptions
        {
            Endpoints = endpoints ?? ApiEndpoints,
            TokenProvider = () => jwt,
            Tls = Tls,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        });
        _owned.Add(client);
        return client;
    }

    /// <summary>Plain HTTPS for shapes the typed client would never send.</summary>
    public HttpClient Http(string? token = null)
    {
        var http = new HttpClient(Tls.CreateHandler()) { BaseAddress = new Uri($"https://{ApiEndpoints[0]}") };
        if (token != "")
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? SystemJwt);
        }
        _owned.Add(http);
        return http;
    }

    /// <summary>Adds an RS256 credential to a project and returns its private key (the caller's) and kid.</summary>
    public async Task<(RSA Key, string KeyId)> AddCredentialAsync(string project, string id)
    {
        var key = RSA.Create(2048);
        await Client().CreateCredentialAsync(project, new Lightbits.Api.Model.CreateCredentialRequest
        {
            Id = id,
            Type = Lightbits.Api.Model.CredentialType.RS256PubKey,
            Payload = System.Text.Encoding.UTF8.GetBytes(key.ExportSubjectPublicKeyInfoPem()),
        });
        return (key, $"{project}:{id}");
    }

    public string Mint(RSA key, string keyId, params string[] roles) =>
        Jwt.Mint(key, keyId, roles, "test", TimeSpan.FromHours(1), Time);

    /// <summary>Creates a volume and waits until it is Available.</summary>
    public async Task<Lightbits.Api.Model.Volume> CreateAvailableVolumeAsync(string name, string size, params string[] acl)
    {
        var client = Client();
        var volume = await client.CreateVolumeAsync("default", new Lightbits.Api.Model.CreateVolumeRequest
        {
            Name = name, Size = size, ReplicaCount = (uint)Math.Min(2, Report.Servers.Count),
            Acl = new Lightbits.Api.Model.StringList { Values = acl.Length == 0 ? [Lightbits.Api.Model.StringList.AllowNone] : acl },
        });
        Settle();
        return await client.GetVolumeAsync("default", volume.Uuid!);
    }

    /// <summary>The NVMe endpoint of the server whose node serves the volume (its primary).</summary>
    public System.Net.IPEndPoint PrimaryEndpointOf(Lightbits.Api.Model.Volume volume) =>
        System.Net.IPEndPoint.Parse(State.Identity.Servers.Single(s => s.NodeUuid == volume.PrimaryNodeUuid).NvmeEndpoint);

    /// <summary>Opens the volume over real NVMe/TCP as the given host.</summary>
    public Task<NvmeBlockDevice> OpenAsync(Lightbits.Api.Model.Volume volume, string hostNqn, System.Net.IPEndPoint? through = null) =>
        NvmeTcpHost.OpenBlockDeviceAsync(through ?? PrimaryEndpointOf(volume), Report.SubsystemNqn, volume.Nsid,
            new NvmeHostOptions { HostNqn = hostNqn, IoQueueCount = 2, CommandTimeout = TimeSpan.FromSeconds(10) });

    /// <summary>Creates, updates and deletes take effect at once: for tests about DMS, not about the cluster's pace.</summary>
    public static EmulatorOptions Instant(EmulatorOptions options) =>
        options with { CreateDelay = TimeSpan.Zero, UpdateDelay = TimeSpan.Zero, DeleteDelay = TimeSpan.Zero };

    /// <summary>From now on, every write any volume receives over NVMe/TCP, in arrival order, with its host.</summary>
    public WriteLog RecordWrites()
    {
        var log = new WriteLog();
        _host.Data.Written += log.Add;
        return log;
    }

    /// <summary>Every server down: the cluster's API and data endpoints refuse connections, as when it is unreachable.</summary>
    public async Task StopAllServersAsync()
    {
        foreach (var server in Report.Servers)
        {
            await _host.Servers.StopAsync(server.Name);
        }
    }

    public async Task StartAllServersAsync()
    {
        foreach (var server in Report.Servers)
        {
            await _host.Servers.StartAsync(server.Name);
        }
    }

    /// <summary>Lets every pending create/update/delete complete.</summary>
    public void Settle() => Time.Advance(TimeSpan.FromSeconds(10));

    /// <summary>
    /// Until disposed, the cluster's clock moves with the machine's: for timed behaviour (Migrating
    /// for a while, 404 after a create) seen by a client that waits in real time, such as dms.
    /// </summary>
    public IDisposable RunClockInRealTime()
    {
        var gate = new Lock();
        var last = TimeProvider.System.GetTimestamp();
        return new Timer(_ =>
        {
            lock (gate)
            {
                var now = TimeProvider.System.GetTimestamp();
                Time.Advance(TimeProvider.System.GetElapsedTime(last, now));
                last = now;
            }
        }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));
    }

    public static async Task<string> BodyAsync(HttpResponseMessage response) => await response.Content.ReadAsStringAsync();

    public static JsonContent Json(object value) => JsonContent.Create(value, options: LightbitsJson.Options);

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
        await _host.DisposeAsync();
    }

    /// <summary>Stops the host and starts a new one on the same data dir (a process restart, minus the process).</summary>
    public async Task<TestCluster> RestartAsync()
    {
        await DisposeAsync();
        return await StartAsync(_ => Options, DataDir, Options.Servers);
    }
}
