using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Lightbits.Api.Http;
using Lightbits.Emulator.Testing;

namespace Dms.Service.Tests.TestSupport;

/// <summary>`dms serve` as a real child process on a free loopback port, reached over HTTPS pinned to its certificate.</summary>
internal sealed class DmsProcess : IDisposable
{
    public const string Password = "first-pw";

    private readonly Process _process;

    private DmsProcess(Process process, string configDir, JsonElement startLine)
    {
        _process = process;
        ConfigDir = configDir;
        StartLine = startLine;
    }

    public string ConfigDir { get; }
    public JsonElement StartLine { get; }
    public string BaseAddress => StartLine.GetProperty("listen").GetString()!;
    public int ExitCode => _process.ExitCode;

    /// <summary>`dms init` into <paramref name="configDir"/> with user admin.</summary>
    public static async Task InitAsync(string configDir)
    {
        var init = await ChildProcess.RunAsync("dms", ["init", "--config-dir", configDir, "--host-name", "127.0.0.1", "--password-stdin"], stdin: Password + "\n");
        Assert.True(init.ExitCode == 0, init.Stderr);
    }

    /// <summary>Starts `dms serve` and waits for its start-up line.</summary>
    public static async Task<DmsProcess> StartAsync(string configDir, string stateDir)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "dms.dll"), "serve", "--config-dir", configDir, "--state-dir", stateDir, "--listen", "127.0.0.1:0" })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotNull(line);
        return new DmsProcess(process, configDir, JsonDocument.Parse(line).RootElement.Clone());
    }

    public HttpClient Http()
    {
        var pin = TlsOptions.Fingerprint(X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(ConfigDir, "tls.crt"))));
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && TlsOptions.Fingerprint(cert) == pin;
        return new HttpClient(handler) { BaseAddress = new Uri(BaseAddress) };
    }

    /// <summary>An HTTPS client logged in as admin.</summary>
    public async Task<HttpClient> LoginAsync()
    {
        var http = Http();
        using var login = await http.PostAsJsonAsync("/api/v1/login", new { username = "admin", password = Password });
        http.DefaultRequestHeaders.Authorization = new("Bearer", (await Json.ReadAsync(login)).GetProperty("idToken").GetString());
        return http;
    }

    /// <summary>SIGTERM, and a clean exit within 30 s.</summary>
    public void Stop()
    {
        Signal("TERM");
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            _process.Kill();
        }
        Assert.Equal(0, _process.ExitCode);
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the machine dies.</summary>
    public void Kill()
    {
        Signal("KILL");
        _process.WaitForExit();
    }

    private void Signal(string signal) => Process.Start("kill", $"-{signal} {_process.Id}")!.WaitForExit();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _process.Dispose();
    }
}
