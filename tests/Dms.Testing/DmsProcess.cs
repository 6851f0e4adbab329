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

    /// <param name="environment">e.g. DMS_TOKEN_LIFETIME=2s</param>
    public static async Task<DmsProcess> StartAsync(string root, IReadOnlyDictionary<string, string>? environment = null)
    {
        var configDir = Path.Combine(root, "etc");
        var init = await ChildProcess.RunAsync("dms", ["init", "--config-dir", configDir, "--user", User, "--password-stdin",
            "--host-name", "127.0.0.1", "--host-name", "localhost"], stdin: Password + "\n");
        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException($"dms init failed ({init.ExitCode}): {init.Stderr}");
        }

        var serve = await RunningProcess.StartAsync("dms", ["serve", "--config-dir", configDir, "--state-dir", Path.Combine(root, "state"),
            "--listen", "127.0.0.1:0"], environment);
        return new DmsProcess(serve, root);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
