using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Common.Testing;
using Dms.Testing;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Dms.Cli.Tests.Watching;

/// <summary>
/// `--wait` outlives a restart of dms (issue 16, finding 2): the workflow runs on the server whatever
/// the watcher sees, so dmscli says DMS is unreachable, retries, and ends with how the workflow ended.
/// </summary>
public sealed class WatchRestartTests
{
    private const string TestHost = "nqn.2014-08.org.nvmexpress:uuid:7e570000-0000-4000-8000-00000000c11e";
    private readonly string _root = Directory.CreateTempSubdirectory("dmscli-restart-").FullName;

    [Fact]
    public async Task CloneWithWait_DmsKilledAndRestartedOnTheSamePortMidCopy_TheWaitEndsCompleted_AfterSayingItRetries()
    {
        await DmsProcess.InitAsync(_root);
        // A slow copy, so the kill lands mid-copy; a short lease, so the restarted dms takes the workflow back within seconds.
        File.AppendAllText(Path.Combine(_root, "etc", "dms.yaml"), "\ncopyWorkflowBandwidth: 4MiB/s\nleaseDuration: 3s\n");
        await using var a = await TestCluster.StartAsync(TestCluster.Instant, servers: 1);
        await using var b = await TestCluster.StartAsync(TestCluster.Instant, servers: 1);
        var home = Path.Combine(_root, "home");
        Directory.CreateDirectory(home);

        await using var first = await DmsProcess.ServeAsync(_root);
        var listen = new Uri(first.BaseUrl).Authority;
        Assert.Equal(0, (await Dmscli(home, "login", $"--username={DmsProcess.User}", $"--password={DmsProcess.Password}", $"--base-url={first.BaseUrl}",
            $"--ca-cert={first.TlsCertPath}")).ExitCode);
        using var http = await first.LoginAsync();
        foreach (var cluster in new[] { a, b })
        {
            await DmsKeyImport.ImportAsync(http, cluster);
            var attach = await Dmscli(home, "attach", "cluster", $"--api-endpoint={cluster.ApiEndpoints[0]}", "--wait");
            Assert.True(attach.ExitCode == 0, DmsCliFixture.Describe(attach));
        }
        var snapshot = await SourceSnapshotAsync(a);

        using var wait = new ChildWatch(home, "thick-clone", "volume", "--src-cluster-id", a.Report.ClusterUuid, "--src-proj-name", "default", "--src-snap-id", snapshot.Uuid!,
            "--dst-cluster-id", b.Report.ClusterUuid, "--dst-proj-name", "default", "--dst-name", "survivor", "--wait");
        var id = await Poll.UntilAsync(() => CloneIdAsync(http), i => i is not null, "dmscli started the clone");
        await ApiWorkflows.UntilAsync(http, id!.Value, ApiWorkflows.CopyStarted, "is copying");
        await first.KillAsync();
        // Restarted only once dmscli has seen it gone, so the outage is certain to be watched through.
        await wait.SawOutage.WaitAsync(TimeSpan.FromMinutes(1));
        await using var second = await DmsProcess.ServeAsync(_root, listen: listen);

        var exitCode = await wait.ExitAsync(ApiWorkflows.WholeWorkflow);
        var seen = wait.Stderr;
        Assert.True(exitCode == 0, $"exit {exitCode}\n{seen}");
        Assert.Single(seen.Split('\n'), l => l.Contains("dms unreachable", StringComparison.Ordinal));
        Assert.Contains("retrying for up to 2m; the workflow keeps running on the server", seen, StringComparison.Ordinal);
        Assert.Contains($"dmscli get workflow --id {id}", seen, StringComparison.Ordinal);
        Assert.Contains("dms reachable again", seen, StringComparison.Ordinal);
        Assert.Contains("COMPLETED", seen, StringComparison.Ordinal);
    }

    private static async Task<Guid?> CloneIdAsync(HttpClient http)
    {
        var list = JsonDocument.Parse(await http.GetStringAsync("/api/v1/workflows")).RootElement.GetProperty("workflows");
        return list.EnumerateArray().Where(w => w.GetProperty("type").GetString() == "ThickCloneVolume")
            .Select(w => (Guid?)Guid.Parse(w.GetProperty("id").GetString()!)).FirstOrDefault();
    }

    /// <summary>24 MiB of data in a 128 MiB volume: six seconds of copying at 4 MiB/s.</summary>
    private static async Task<Snapshot> SourceSnapshotAsync(TestCluster cluster)
    {
        var volume = await cluster.CreateAvailableVolumeAsync("source", "128 mib", TestHost);
        var data = new byte[8 << 20];
        Random.Shared.NextBytes(data);
        await using (var device = await cluster.OpenAsync(volume, TestHost))
        {
            foreach (var offset in new long[] { 0, 40 << 20, 100 << 20 })
            {
                await device.WriteAsync(offset, data);
            }
            await device.FlushAsync();
        }
        var snapshot = await cluster.Client().CreateSnapshotAsync("default", new CreateSnapshotRequest { Name = "source-snap", SourceVolumeUuid = volume.Uuid });
        return (await Poll.UntilAsync(() => cluster.Client().FindSnapshotAsync("default", snapshot.Uuid!), s => s is not null, "the snapshot is readable"))!;
    }

    private static Task<ChildProcess.Result> Dmscli(string home, params string[] args) =>
        ChildProcess.RunAsync("dmscli", args, null, new Dictionary<string, string> { ["HOME"] = home });

    /// <summary>dmscli running while the test acts, its stderr read as it comes; killed if the test ends first.</summary>
    private sealed class ChildWatch : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _stderr = new();
        private readonly TaskCompletionSource _sawOutage = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task<string> _stdout;

        public ChildWatch(string home, params string[] args)
        {
            _process = Process.Start(ChildProcess.StartInfo("dmscli", args, new Dictionary<string, string> { ["HOME"] = home }))!;
            _process.ErrorDataReceived += (_, e) =>
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
                if (e.Data?.Contains("dms unreachable", StringComparison.Ordinal) == true)
                {
                    _sawOutage.TrySetResult();
                }
            };
            _process.BeginErrorReadLine();
            _stdout = _process.StandardOutput.ReadToEndAsync();
        }

        public Task SawOutage => _sawOutage.Task;

        public string Stderr
        {
            get
            {
                lock (_stderr)
                {
                    return _stderr.ToString();
                }
            }
        }

        public async Task<int> ExitAsync(TimeSpan limit)
        {
            using var timeout = new CancellationTokenSource(limit);
            await _process.WaitForExitAsync(timeout.Token);
            await _stdout;
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            _process.Dispose();
        }
    }
}
