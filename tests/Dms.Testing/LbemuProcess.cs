using System.Net.Http.Headers;
using System.Text.Json;
using Common.Tls;

namespace Dms.Testing;

/// <summary>`lbemu serve` as a child process: a real emulated cluster with real time.</summary>
public sealed class LbemuProcess : IAsyncDisposable
{
    private readonly RunningProcess _process;

    private LbemuProcess(RunningProcess process, string dataDir)
    {
        _process = process;
        DataDir = dataDir;
    }

    public string DataDir { get; }

    public string ClusterUuid => _process.Startup.GetProperty("clusterUuid").GetString()!;

    /// <summary>SHA-256 of the API certificate(s), comma-separated when each server has its own.</summary>
    public string TlsCertSha256 => _process.Startup.GetProperty("tlsCertSha256").GetString()!;

    public IReadOnlyList<string> ApiEndpoints =>
        [.. _process.Startup.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("apiEndpoint").GetString()!)];

    public static async Task<LbemuProcess> StartAsync(string dataDir, string name) =>
        new(await RunningProcess.StartAsync("lbemu", ["serve", "--data-dir", dataDir, "--cluster-name", name, "--servers", "2",
            "--create-delay-ms", "0", "--delete-delay-ms", "0", "--update-delay-ms", "0"]), dataDir);

    /// <summary>What the cluster received that its API does not have, from GET /_emulator/unknown-fields (one JSON object per field).</summary>
    public async Task<IReadOnlyList<string>> UnknownFieldsAsync()
    {
        using var http = await AdminHttpAsync();
        using var answer = JsonDocument.Parse(await http.GetStringAsync("/_emulator/unknown-fields"));
        // An empty list is a zero value: left out of the answer.
        return answer.RootElement.TryGetProperty("unknownFields", out var fields) ? [.. fields.EnumerateArray().Select(f => f.GetRawText())] : [];
    }

    /// <summary>Injects a fault (POST /_emulator/faults; the fields of lbemu's FaultRule, e.g. method, path, status, count, latencyMs).</summary>
    public async Task AddFaultAsync(object rule)
    {
        using var http = await AdminHttpAsync();
        (await http.PostAsync("/_emulator/faults", System.Net.Http.Json.JsonContent.Create(rule))).EnsureSuccessStatusCode();
    }

    /// <summary>A client of the cluster's API as its system admin, trusting only its certificate.</summary>
    private async Task<HttpClient> AdminHttpAsync()
    {
        var http = new HttpClient(new TlsOptions { PinnedSha256 = TlsCertSha256 }.CreateHandler()) { BaseAddress = new Uri($"https://{ApiEndpoints[0]}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(Path.Combine(DataDir, "system-jwt"))).Trim());
        return http;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
