// dms API latency: list-workflows pages of 250 among 100 000 stored workflows, and login throughput,
// each next to a raw /healthz round trip measured in the same run (DESIGN §10: benchmarks print their baseline).
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Common.Tls;
using Dms.Service;
using Dms.Service.Configuration;
using Microsoft.Data.Sqlite;

const int Rows = 100_000;
var root = Directory.CreateTempSubdirectory("dms-bench-").FullName;
var configDir = new ConfigDir(Path.Combine(root, "etc"));
ConfigDirInitializer.Run(configDir, new ConfigDirInitializer.Options(["127.0.0.1"], "admin", () => "bench-pw", ClusterKeyBits: 2048), TimeProvider.System);
var settings = new DmsSettings
{
    ConfigDir = configDir, Listen = "127.0.0.1:0", StateDir = Path.Combine(root, "state"), LoginMaxFailures = int.MaxValue, LogLevel = "Warning",
};
await using var runtime = await DmsRuntime.LoadAsync(settings, TimeProvider.System, CancellationToken.None);
await SeedAsync(settings.SqlitePath);
await using var app = DmsApp.Build(runtime);
await app.StartAsync();

using var http = new HttpClient(TlsOptions.PinnedTo(configDir.TlsCertFile).CreateHandler()) { BaseAddress = new Uri(DmsApp.BoundAddress(app)) };
var login = await (await http.PostAsJsonAsync("/api/v1/login", new { username = "admin", password = "bench-pw" })).Content.ReadFromJsonAsync<JsonElement>();
http.DefaultRequestHeaders.Authorization = new("Bearer", login.GetProperty("idToken").GetString());

// Page tokens spread over the whole list, so deep pages are measured too.
var tokens = new List<string?> { null };
for (string? token = null; tokens.Count < 400;)
{
    var page = await http.GetFromJsonAsync<JsonElement>($"/api/v1/workflows?pageSize=250{Query(token)}");
    if (!page.TryGetProperty("nextPageToken", out var next)) break;
    tokens.Add(token = next.GetString());
}

var healthz = await MeasureAsync(1000, _ => http.GetAsync("/healthz"));
var list = await MeasureAsync(1000, i => http.GetAsync($"/api/v1/workflows?pageSize=250{Query(tokens[i % tokens.Count])}"));
var healthzRate = await ThroughputAsync(TimeSpan.FromSeconds(5), () => http.GetAsync("/healthz"));
var loginRate = await ThroughputAsync(TimeSpan.FromSeconds(5), () => http.PostAsJsonAsync("/api/v1/login", new { username = "admin", password = "bench-pw" }));

Console.WriteLine($"dms API bench: {Rows} workflows in SQLite, HTTPS on loopback, sequential requests, {Environment.ProcessorCount} cores");
Console.WriteLine($"{"what",-44} {"p50 ms",8} {"p99 ms",8} {"req/s",8}");
Console.WriteLine($"{"GET /healthz (baseline)",-44} {healthz.P50,8:F2} {healthz.P99,8:F2} {healthzRate,8:F0}");
Console.WriteLine($"{"GET /api/v1/workflows?pageSize=250",-44} {list.P50,8:F2} {list.P99,8:F2} {1000 / list.Mean,8:F0}");
Console.WriteLine($"{"POST /api/v1/login (bcrypt cost 10)",-44} {"",8} {"",8} {loginRate,8:F0}");
Console.WriteLine($"goal p99 <= 20 ms for the list: {(list.P99 <= 20 ? "met" : "NOT met")}");
await app.StopAsync();
Directory.Delete(root, recursive: true);
return 0;

static string Query(string? token) => token is null ? "" : "&nextPageToken=" + Uri.EscapeDataString(token);

static async Task<(double P50, double P99, double Mean)> MeasureAsync(int count, Func<int, Task<HttpResponseMessage>> call)
{
    for (var i = 0; i < 50; i++) (await call(i)).Dispose();
    var samples = new double[count];
    for (var i = 0; i < count; i++)
    {
        var watch = Stopwatch.StartNew();
        using var response = await call(i);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
        samples[i] = watch.Elapsed.TotalMilliseconds;
    }

    Array.Sort(samples);
    return (samples[count / 2], samples[(int)(count * 0.99)], samples.Average());
}

static async Task<double> ThroughputAsync(TimeSpan duration, Func<Task<HttpResponseMessage>> call)
{
    var watch = Stopwatch.StartNew();
    var done = 0;
    while (watch.Elapsed < duration)
    {
        using var response = await call();
        response.EnsureSuccessStatusCode();
        done++;
    }

    return done / watch.Elapsed.TotalSeconds;
}

// Seeds ended workflows straight into the engine's table (as Dms.Workflows' scale test does):
// creating 100 000 through the API would take minutes and measure nothing more.
static async Task SeedAsync(string path)
{
    await using var connection = new SqliteConnection($"Data Source={path}");
    await connection.OpenAsync();
    await using var tx = connection.BeginTransaction();
    await using var insert = connection.CreateCommand();
    insert.Transaction = tx;
    insert.CommandText = """
        INSERT INTO workflows (id, type, state, input, journal, progress, msg, created_at, ended_at, resource_keys)
        VALUES ($id, 'ThickCloneVolume', 'COMPLETED', $input, '{"completedSteps":["validate","copy","finish"]}', '{"percent":100,"stage":"completed"}', NULL, $created, $created, '["cluster:c1"]')
        """;
    var id = insert.Parameters.Add("$id", SqliteType.Text);
    var created = insert.Parameters.Add("$created", SqliteType.Integer);
    insert.Parameters.AddWithValue("$input", """{"src":{"snapId":"8f7e0e1c-7a43-4f55-9d59-0e9c3b4b0d11","projectName":"default","clusterId":"c1"},"dst":{"name":"copy","clusterId":"c2"}}""");
    var start = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds() * 1000;
    for (var i = 0; i < Rows; i++)
    {
        id.Value = Guid.NewGuid().ToString("D");
        created.Value = start + (i * 100L);
        await insert.ExecuteNonQueryAsync();
    }

    await tx.CommitAsync();
}
