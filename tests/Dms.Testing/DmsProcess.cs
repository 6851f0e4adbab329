using System.Net.Http.Json;
using System.Text.Json;
using Common.Tls;
using Lightbits.Emulator.Testing;

namespace Dms.Testing;

/// <summary>
/// The dms service as an operator runs it: `dms init` into a temp config dir (first user, TLS
/// certificate for 127.0.0.1), then `dms serve` on a free loopback port with an SQLite store.
/// </summary>
public sealed class DmsProcess : IAsyncDisposable
{
    public const string User = "admin";
    public const string Password = "light";

    private readonly RunningProcess _process;

    private DmsProcess(RunningProcess process, string root)
    {
        _process = process;
        Root = root;
    }

    public string Root { get; }

    public string ConfigDir => Path.Combine(Root, "etc");

    /// <summary>The self-signed certificate `dms init` wrote: what operators pass to --ca-cert.</summary>
    public string TlsCertPath => Path.Combine(ConfigDir, "tls.crt");

    /// <summary>e.g. https://127.0.0.1:40123</summary>
    public string BaseUrl => _process.Startup.GetProperty("listen").GetString()!.TrimEnd('/');

    public string PubKeyId => _process.Startup.GetProperty("pubKeyId").GetString()!;

    public string Stderr => _process.Stderr;

    public int ExitCode => _process.ExitCode;

    /// <summary>`dms init` then `dms serve` under <paramref name="root"/>.</summary>
    /// <param name="environment">e.g. DMS_TOKEN_LIFETIME=2s</param>
    public static async Task<DmsProcess> StartAsync(string root, IReadOnlyDictionary<string, string>? environment = null)
    {
        await InitAsync(root);
        return await ServeAsync(root, environment);
    }

    /// <summary>`dms init` into ROOT/etc with the first user.</summary>
    public static async Task InitAsync(string root)
    {
        var init = await ChildProcess.RunAsync("dms", ["init", "--config-dir", Path.Combine(root, "etc"), "--user", User, "--password-stdin",
            "--host-name", "127.0.0.1", "--host-name", "localhost"], stdin: Password + "\n");
        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException($"dms init failed ({init.ExitCode}): {init.Stderr}");
        }
    }

    /// <summary>`dms serve` on the config and state of <paramref name="root"/> (again after a stop or a kill).</summary>
    /// <param name="listen">Where to listen: a free loopback port by default; the same address as before for a restart clients must not notice.</param>
    public static async Task<DmsProcess> ServeAsync(string root, IReadOnlyDictionary<string, string>? environment = null, string listen = "127.0.0.1:0")
    {
        var serve = await RunningProcess.StartAsync("dms", ["serve", "--config-dir", Path.Combine(root, "etc"), "--state-dir", Path.Combine(root, "state"),
            "--listen", listen], environment);
        return new DmsProcess(serve, root);
    }

    /// <summary>HTTPS pinned to the certificate `dms init` made.</summary>
    public HttpClient Http()
    {
        return new HttpClient(TlsOptions.PinnedTo(TlsCertPath).CreateHandler()) { BaseAddress = new Uri(BaseUrl) };
    }

    /// <summary>An HTTPS client logged in as the first user.</summary>
    public async Task<HttpClient> LoginAsync()
    {
        var http = Http();
        using var login = await http.PostAsJsonAsync("/api/v1/login", new { username = User, password = Password });
        login.EnsureSuccessStatusCode();
        var body = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement;
        http.DefaultRequestHeaders.Authorization = new("Bearer", body.GetProperty("idToken").GetString());
        return http;
    }

    /// <summary>SIGTERM: a clean stop.</summary>
    public Task StopAsync() => _process.SignalAsync("TERM");

    /// <summary>SIGHUP (`systemctl reload dms`); returns at once, the reload runs in the background.</summary>
    public Task HangupAsync() => _process.SendSignalAsync("HUP");

    /// <summary>SIGKILL: no shutdown code runs, as when the machine dies.</summary>
    public Task KillAsync() => _process.SignalAsync("KILL");

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
