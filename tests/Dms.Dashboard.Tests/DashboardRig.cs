using System.Net.Http.Json;
using System.Text.Json;
using Common.Testing;
using Dms.Testing;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;
using Microsoft.Playwright;

namespace Dms.Dashboard.Tests;

/// <summary>
/// One real dms process with two attached lbemu clusters for the whole suite, and Debian's
/// chromium driven by Playwright when it is installed. Copies are throttled (1 MiB/s per
/// workflow), so a test can watch a clone run and cancel one before it ends.
/// </summary>
public sealed class DashboardRig : IAsyncLifetime
{
    /// <summary>Cluster B's name: markup that would run script if the page ever parsed API data as HTML.</summary>
    public const string HostileName = "<img src=x onerror=\"window.__dmsXss=1\">";

    public const string SourceName = "dashboard-source";

    /// <summary>The test's own NVMe host, which writes the source data.</summary>
    private const string TestHost = "nqn.2014-08.org.nvmexpress:uuid:7e570000-0000-4000-8000-00000000da5b";

    private const string ChromiumVariable = "DMS_TEST_CHROMIUM";

    private readonly string _root = Directory.CreateTempSubdirectory("dms-dashboard-").FullName;
    private IPlaywright? _playwright;

    public TestCluster A { get; private set; } = null!;
    public TestCluster B { get; private set; } = null!;
    public DmsProcess Dms { get; private set; } = null!;

    /// <summary>Logged in as <see cref="DmsProcess.User"/>.</summary>
    public HttpClient Api { get; private set; } = null!;

    /// <summary>Null when chromium is not installed; <see cref="RequireBrowser"/> says so and skips.</summary>
    public IBrowser? Browser { get; private set; }

    public string Chromium { get; } = Environment.GetEnvironmentVariable(ChromiumVariable) ?? "/usr/bin/chromium";

    /// <summary>Where screenshots go: $DMS_TEST_RESULTS/dashboard (scripts/test.sh sets it), else next to the tests.</summary>
    public string ArtifactsDir { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("DMS_TEST_RESULTS") ?? Path.Combine(AppContext.BaseDirectory, "TestResults"), "dashboard");

    public async Task InitializeAsync()
    {
        await DmsProcess.InitAsync(_root);
        File.AppendAllText(Path.Combine(_root, "etc", "dms.yaml"), "\ncopyWorkflowBandwidth: 1MiB/s\n");
        A = await TestCluster.StartAsync(o => TestCluster.Instant(o) with { ClusterName = SourceName }, servers: 1);
        B = await TestCluster.StartAsync(o => TestCluster.Instant(o) with { ClusterName = HostileName }, servers: 1);
        Dms = await DmsProcess.ServeAsync(_root);
        Api = await Dms.LoginAsync();
        foreach (var cluster in new[] { A, B })
        {
            await DmsKeyImport.ImportAsync(Api, cluster.DataDir);
            var attach = await StartAsync("/api/v1/clusters", new { apiEndpoint = cluster.ApiEndpoints[0] });
            var ended = await ApiWorkflows.EndedAsync(Api, attach);
            Assert.True(ended.GetProperty("state").GetString() == "COMPLETED", ended.ToString());
        }

        if (File.Exists(Chromium))
        {
            _playwright = await Playwright.CreateAsync();
            // Root in a container has no user namespaces for chromium's sandbox; the page is our own.
            Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        }
    }

    public void RequireBrowser() =>
        Skip.If(Browser is null, $"chromium is not installed at {Chromium} (scripts/install-test-tools.sh installs it as root; {ChromiumVariable} names another): the dashboard's browser tests skip");

    /// <summary>A fresh browser tab (its own sessionStorage) that accepts dms's self-signed certificate.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser!.NewContextAsync(new() { IgnoreHTTPSErrors = true, ViewportSize = new() { Width = 1280, Height = 720 } });
        return await context.NewPageAsync();
    }

    /// <returns>The path written, for the test output.</returns>
    public async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ArtifactsDir);
        var path = Path.Combine(ArtifactsDir, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    public async Task<Guid> StartAsync(string path, object body)
    {
        using var response = await Api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return Guid.Parse(JsonDocument.Parse(text).RootElement.GetProperty("workflowId").GetString()!);
    }

    /// <summary>Starts a thick clone from A to B of a new snapshot holding <paramref name="dataMib"/> MiB of data.</summary>
    public async Task<Guid> StartCloneAsync(string name, int dataMib)
    {
        var snapshot = await SnapshotWithDataAsync(name, dataMib);
        return await StartAsync("/api/v1/volumes/thickclone", new
        {
            src = new { snapId = snapshot.Uuid, projectName = "default", clusterId = A.Report.ClusterUuid },
            dst = new { name, clusterId = B.Report.ClusterUuid },
        });
    }

    private async Task<Snapshot> SnapshotWithDataAsync(string name, int dataMib)
    {
        var volume = await A.CreateAvailableVolumeAsync($"src-{name}", $"{dataMib * 2} MiB", TestHost);
        var data = new byte[dataMib << 20];
        new Random(dataMib).NextBytes(data);
        await using (var device = await A.OpenAsync(volume, TestHost))
        {
            await device.WriteAsync(0, data);
            await device.FlushAsync();
        }

        var created = await A.Client().CreateSnapshotAsync("default", new CreateSnapshotRequest { Name = $"snap-{name}", SourceVolumeUuid = volume.Uuid });
        // A cluster may answer 404 for a moment after a create.
        return (await Poll.UntilAsync(() => A.Client().FindSnapshotAsync("default", created.Uuid!), s => s is not null, $"snapshot {created.Uuid} to be readable"))!;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Api?.Dispose();
        if (Dms is not null)
        {
            await Dms.StopAsync();
            await Dms.DisposeAsync();
        }

        foreach (var cluster in new[] { A, B })
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardSuite : ICollectionFixture<DashboardRig>
{
    public const string Name = "dashboard";
}
