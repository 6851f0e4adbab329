using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Common.Tls;
using Dms.Service;
using Dms.Service.Configuration;
using Dms.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Dms.Service.Tests.TestSupport;

/// <summary>
/// A real dms web host in-process: a config dir made by `dms init`'s code, Kestrel with TLS on a
/// free loopback port, SQLite under a temp state dir. Restartable on the same dirs.
/// </summary>
internal sealed class DmsTestHost : IAsyncDisposable
{
    public const string User = "admin";
    public const string Password = "pw-admin-1";

    private readonly List<IDisposable> _owned = [];
    private DmsRuntime? _runtime;
    private WebApplication? _app;

    private DmsTestHost(string root) => Root = root;

    public string Root { get; }
    public ConfigDir ConfigDir => new(Path.Combine(Root, "etc"));
    public string StateDir => Path.Combine(Root, "state");
    public string BaseAddress { get; private set; } = "";
    public IServiceProvider Services => _app!.Services;
    public DmsRuntime Runtime => _runtime!;

    public static async Task<DmsTestHost> StartAsync(Func<DmsSettings, DmsSettings>? settings = null, TimeProvider? time = null,
        Action<IServiceCollection>? services = null, string? root = null)
    {
        var host = new DmsTestHost(root ?? Directory.CreateTempSubdirectory("dms-test-").FullName);
        ConfigDirInitializer.Run(host.ConfigDir, new ConfigDirInitializer.Options(["localhost", "127.0.0.1"], User, () => Password, ClusterKeyBits: 2048),
            TimeProvider.System);
        await host.RunAsync(settings, time, services);
        return host;
    }

    /// <summary>Stops this host (handing workflows back) and starts a new one on the same config and state dirs.</summary>
    public async Task<DmsTestHost> RestartAsync(Func<DmsSettings, DmsSettings>? settings = null, TimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        await DisposeAsync();
        var host = new DmsTestHost(Root);
        await host.RunAsync(settings, time, services);
        return host;
    }

    private async Task RunAsync(Func<DmsSettings, DmsSettings>? settings, TimeProvider? time, Action<IServiceCollection>? services)
    {
        // The changed-blocks self-check is off unless a test turns it on (CloneRig does): most tests attach
        // emulators whose clock they move by hand, where its scratch volumes would wait for nothing.
        var baseSettings = new DmsSettings { ConfigDir = ConfigDir, Listen = "127.0.0.1:0", StateDir = StateDir, ChangedBlocksCheckTimeout = TimeSpan.Zero };
        _runtime = await DmsRuntime.LoadAsync(settings?.Invoke(baseSettings) ?? baseSettings, time ?? TimeProvider.System, CancellationToken.None);
        _app = DmsApp.Build(_runtime, services);
        await _app.StartAsync();
        BaseAddress = DmsApp.BoundAddress(_app);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public WorkflowClient Workflows => Get<WorkflowClient>();

    /// <summary>
    /// HTTPS pinned to the certificate `dms init` made, optionally with a bearer token, optionally
    /// from another local address (any of 127.0.0.0/8 is this machine), so dms sees another client.
    /// </summary>
    public HttpClient Http(string? token = null, IPAddress? from = null)
    {
        var handler = TlsOptions.PinnedTo(ConfigDir.TlsCertFile).CreateHandler();
        if (from is not null)
        {
            handler.ConnectCallback = (context, cancel) => ConnectFromAsync(from, context.DnsEndPoint, cancel);
        }

        var http = new HttpClient(handler) { BaseAddress = new Uri(BaseAddress) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _owned.Add(http);
        return http;
    }

    private static async ValueTask<Stream> ConnectFromAsync(IPAddress local, DnsEndPoint server, CancellationToken cancel)
    {
        var socket = new Socket(local.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(local, 0));
            await socket.ConnectAsync(server, cancel);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task<string> LoginAsync(string user = User, string password = Password)
    {
        using var response = await Http().PostAsJsonAsync("/api/v1/login", new { username = user, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("idToken").GetString()!;
    }

    public async Task<HttpClient> AuthorizedAsync() => Http(await LoginAsync());

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _owned.Clear();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }

        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
            _runtime = null;
        }
    }
}
