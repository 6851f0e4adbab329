using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Common.Tls;
using Common.Testing;
using Dms.Testing;
using Lightbits.Api.Http;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;
using NvmeTcp.Host;

namespace Dms.Clone.Bench;

/// <summary>An `lbemu serve` child and a system-JWT client for it.</summary>
internal sealed class Cluster : IAsyncDisposable
{
    private Cluster(RunningProcess process, LightbitsClient client)
    {
        Process = process;
        Client = client;
    }

    public RunningProcess Process { get; }

    public LightbitsClient Client { get; }

    public string Uuid => Process.Startup.GetProperty("clusterUuid").GetString()!;

    public string SubsystemNqn => Process.Startup.GetProperty("subsystemNqn").GetString()!;

    public string ApiEndpoint => Process.Startup.GetProperty("servers")[0].GetProperty("apiEndpoint").GetString()!;

    public static async Task<Cluster> StartAsync(string name, string dataDir, int servers, string storage)
    {
        var process = await RunningProcess.StartAsync("lbemu", ["serve", "--data-dir", dataDir, "--cluster-name", name,
            "--servers", servers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--create-delay-ms", "0", "--update-delay-ms", "0", "--delete-delay-ms", "0", "--storage", storage]);
        var startup = process.Startup;
        var jwt = (await File.ReadAllTextAsync(startup.GetProperty("systemJwtPath").GetString()!)).Trim();
        var client = new LightbitsClient(new LightbitsClientOptions
        {
            Endpoints = [.. startup.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("apiEndpoint").GetString()!)],
            TokenProvider = () => jwt,
            Tls = new TlsOptions { PinnedSha256 = startup.GetProperty("tlsCertSha256").GetString() },
            RequestTimeout = TimeSpan.FromMinutes(2),
        });
        return new Cluster(process, client);
    }

    /// <summary>The NVMe/TCP endpoint of the server whose node is the volume's primary.</summary>
    public IPEndPoint PrimaryOf(Volume volume) => IPEndPoint.Parse(Process.Startup.GetProperty("servers").EnumerateArray()
        .Single(s => s.GetProperty("nodeUuid").GetString() == volume.PrimaryNodeUuid).GetProperty("nvmeEndpoint").GetString()!);

    public Task<Volume> WaitVolumeAsync(string uuid) =>
        Poll.UntilAsync(() => Client.GetVolumeAsync("default", uuid), v => v.State == VolumeState.Available, $"volume {uuid} is Available",
            TimeSpan.FromSeconds(60), describe: v => $"{v.Name} {v.State}");

    public async Task DeleteVolumeAsync(string uuid)
    {
        await Client.DeleteVolumeAsync("default", uuid);
        await Poll.UntilAsync(async () => await Client.FindVolumeAsync("default", uuid) is null, $"volume {uuid} is gone", TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Process.DisposeAsync();
    }
}

/// <summary>What one thick clone took, from the POST to COMPLETED.</summary>
internal sealed record CloneRun(
    string Scenario, long DataBytes, TimeSpan Total, TimeSpan Copying, TimeSpan Verifying,
    (double User, double System)[] Cpu, double MachineCpu, long DmsPeakRss)
{
    private static readonly string[] Names = ["dms", "src", "dst"];

    public double DmsCpu => Cpu[0].User + Cpu[0].System;

    public double SourceCpu => Cpu[1].User + Cpu[1].System;

    public double DestinationCpu => Cpu[2].User + Cpu[2].System;

    public double BenchCpu => Cpu[3].User + Cpu[3].System;

    /// <summary>"user+sys" per process: dms, lbemu source, lbemu destination.</summary>
    public string CpuSplit => string.Join(", ", Names.Select((name, i) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} {Cpu[i].User:F2}u+{Cpu[i].System:F2}s")));

    /// <summary>CPU seconds the machine spent on things other than this benchmark's four processes.</summary>
    public double ForeignCpu => Math.Max(0, MachineCpu - DmsCpu - SourceCpu - DestinationCpu - BenchCpu);
}

/// <summary>Two lbemu clusters and one dms, all real processes on 127.0.0.1, both clusters attached.</summary>
internal sealed class Rig : IAsyncDisposable
{
    /// <summary>The benchmark's own NVMe host: writes the source data, like an application would.</summary>
    public const string TestHost = "nqn.2014-08.org.nvmexpress:uuid:be4c0000-0000-4000-8000-00000000c10e";

    private const string Password = "bench-password";

    private Rig(Cluster a, Cluster b, RunningProcess dms, HttpClient http)
    {
        A = a;
        B = b;
        Dms = dms;
        Http = http;
    }

    public Cluster A { get; }

    public Cluster B { get; }

    public RunningProcess Dms { get; }

    public HttpClient Http { get; }

    public int DmsPid => Dms.Pid;

    /// <summary>dms's last log lines, for error messages.</summary>
    private string DmsTail => string.Join('\n', Dms.Stderr.Split('\n').TakeLast(40));

    /// <summary>Set on SIGINT/SIGTERM: waits end so the processes and data dirs are cleaned up.</summary>
    public CancellationToken Stopping { get; set; }

    /// <param name="dmsEnvironment">e.g. DMS_COPY_DEPTH=32: dms.yaml settings as environment variables, for experiments.</param>
    public static async Task<Rig> StartAsync(string root, int servers, string storage, IReadOnlyDictionary<string, string> dmsEnvironment)
    {
        var started = new List<IAsyncDisposable>();
        try
        {
            var a = await Cluster.StartAsync("bench-a", Path.Combine(root, "a"), servers, storage);
            started.Add(a);
            var b = await Cluster.StartAsync("bench-b", Path.Combine(root, "b"), servers, storage);
            started.Add(b);
            var config = Path.Combine(root, "dms-etc");
            var init = await ChildProcess.RunAsync("dms", ["init", "--config-dir", config, "--password-stdin", "--host-name", "127.0.0.1"], stdin: Password + "\n");
            if (init.ExitCode != 0)
            {
                throw new InvalidOperationException($"dms init exited {init.ExitCode}: {init.Stdout}{init.Stderr}");
            }
            var dms = await RunningProcess.StartAsync("dms", ["serve", "--config-dir", config, "--state-dir", Path.Combine(root, "dms-state"), "--listen", "127.0.0.1:0"], dmsEnvironment);
            started.Add(dms);

            var handler = TlsOptions.PinnedTo(Path.Combine(config, "tls.crt")).CreateHandler();
            var listen = dms.Startup.GetProperty("listen").GetString()!;
            var http = new HttpClient(handler) { BaseAddress = new Uri(listen.Contains("://", StringComparison.Ordinal) ? listen : "https://" + listen) };
            var rig = new Rig(a, b, dms, http);
            started.Clear();
            started.Add(rig);
            await rig.AttachAsync();
            return rig;
        }
        catch
        {
            foreach (var owned in Enumerable.Reverse(started))
            {
                await owned.DisposeAsync();
            }
            throw;
        }
    }

    /// <summary>Logs in, gives both clusters DMS's public key (as `lbcli create credential` would) and attaches them.</summary>
    private async Task AttachAsync()
    {
        using var login = new HttpRequestMessage(HttpMethod.Post, "/api/v1/login");
        login.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Password)));
        var token = (await JsonAsync(await Http.SendAsync(login))).GetProperty("idToken").GetString();
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var credentials = await JsonAsync(await Http.GetAsync("/api/v1/service-credentials"));
        foreach (var cluster in new[] { A, B })
        {
            await cluster.Client.CreateCredentialAsync("system", new CreateCredentialRequest
            {
                Id = credentials.GetProperty("pubKeyId").GetString(),
                Type = CredentialType.RS256PubKey,
                Payload = Convert.FromBase64String(credentials.GetProperty("pubKey").GetString()!),
            });
            var attach = await StartWorkflowAsync("/api/v1/clusters", new { apiEndpoint = cluster.ApiEndpoint });
            await WaitAsync(attach, _ => { });
        }
    }

    /// <summary>
    /// A volume on A holding incompressible data at <paramref name="regions"/>, written over NVMe/TCP
    /// as <see cref="TestHost"/>, and a snapshot of it. Returns the snapshot's UUID and the write rate.
    /// </summary>
    public async Task<(string SnapshotUuid, double BytesPerSecond, double LbemuCpuPerGiB)> CreateSourceAsync(string name, long size, IReadOnlyList<(long Offset, long Length)> regions)
    {
        var created = await A.Client.CreateVolumeAsync("default", new CreateVolumeRequest
        {
            Name = name, Size = $"{size} b", ReplicaCount = 1,
            Acl = StringList.Of(TestHost),
        });
        var volume = await A.WaitVolumeAsync(created.Uuid!);
        var cpu = ProcStats.CpuSeconds(A.Process.Pid);
        var started = Stopwatch.StartNew();
        await using (var device = await NvmeTcpHost.OpenBlockDeviceAsync(A.PrimaryOf(volume), A.SubsystemNqn, volume.Nsid,
            new NvmeHostOptions { HostNqn = TestHost, IoQueueCount = 2, IoQueueDepth = 64 }))
        {
            await SourceData.WriteAsync(device, regions);
            await device.FlushAsync();
        }
        var rate = regions.Sum(r => r.Length) / started.Elapsed.TotalSeconds;
        var cpuPerGiB = (ProcStats.CpuSeconds(A.Process.Pid) - cpu) / (regions.Sum(r => r.Length) / (double)(1L << 30));
        var snapshot = await A.Client.CreateSnapshotAsync("default", new CreateSnapshotRequest { Name = "snap-" + name, SourceVolumeUuid = volume.Uuid });
        await Poll.UntilAsync(() => A.Client.GetSnapshotAsync("default", snapshot.Uuid!), s => s.State == SnapshotState.Available,
            $"the snapshot of {name} is Available", TimeSpan.FromSeconds(60), describe: s => $"{s.State}");
        return (snapshot.Uuid!, rate, cpuPerGiB);
    }

    /// <summary>
    /// `POST /api/v1/volumes/thickclone` from a snapshot on A to a new volume on B, timed to COMPLETED,
    /// with CPU of every process and the machine around it; then deletes the destination volume.
    /// </summary>
    public async Task<CloneRun> CloneAsync(string scenario, string snapshotUuid, long dataBytes, string destinationName, bool verify)
    {
        int[] pids = [DmsPid, A.Process.Pid, B.Process.Pid, Environment.ProcessId];
        var cpuBefore = pids.Select(ProcStats.Cpu).ToArray();
        var machineBefore = ProcStats.MachineBusySeconds();
        long peakRss = 0;

        // Step boundaries from dms's own log ("Workflow {id} step {step} starting/completed"), as the lines arrive.
        var clock = Stopwatch.StartNew();
        var steps = new Dictionary<string, (TimeSpan Start, TimeSpan End)>(StringComparer.Ordinal);
        void OnLine(string line)
        {
            var at = clock.Elapsed;
            if (!line.Contains("\"Step\"", StringComparison.Ordinal))
            {
                return;
            }
            using var log = JsonDocument.Parse(line);
            if (!log.RootElement.TryGetProperty("State", out var state) || !state.TryGetProperty("Step", out var step))
            {
                return;
            }
            var message = log.RootElement.GetProperty("Message").GetString()!;
            lock (steps)
            {
                var name = step.GetString()!;
                var known = steps.GetValueOrDefault(name);
                if (message.Contains(" starting", StringComparison.Ordinal) && known.Start == default)
                {
                    steps[name] = (at, default);
                }
                else if (message.EndsWith(" completed", StringComparison.Ordinal))
                {
                    steps[name] = (known.Start, at);
                }
            }
        }

        Dms.Line += OnLine;
        JsonElement workflow;
        try
        {
            var id = await StartWorkflowAsync("/api/v1/volumes/thickclone", new
            {
                src = new { snapId = snapshotUuid, projectName = "default", clusterId = A.Uuid },
                dst = new { name = destinationName, clusterId = B.Uuid },
                verifyClone = verify,
            });
            workflow = await WaitAsync(id, _ => peakRss = Math.Max(peakRss, ProcStats.StatusBytes(DmsPid, "VmRSS")));
        }
        finally
        {
            Dms.Line -= OnLine;
        }
        var total = clock.Elapsed;
        var cpuAfter = pids.Select(ProcStats.Cpu).ToArray();
        var machine = ProcStats.MachineBusySeconds() - machineBefore;
        peakRss = Math.Max(peakRss, ProcStats.StatusBytes(DmsPid, "VmRSS"));

        TimeSpan Took(string step)
        {
            lock (steps)
            {
                return steps.TryGetValue(step, out var s) && s.End > s.Start ? s.End - s.Start : TimeSpan.Zero;
            }
        }

        var result = workflow.GetProperty("result");
        await B.DeleteVolumeAsync(result.GetProperty("volumeUuid").GetString()!);
        return new CloneRun(scenario, dataBytes, total, Took("copy"), Took("verify"),
            [.. cpuAfter.Zip(cpuBefore, (after, before) => (after.User - before.User, after.System - before.System))], machine, peakRss);
    }

    private async Task<Guid> StartWorkflowAsync(string path, object body)
    {
        var json = await JsonAsync(await Http.PostAsJsonAsync(path, body));
        return Guid.Parse(json.GetProperty("workflowId").GetString()!);
    }

    /// <summary>Polls the workflow every 50 ms until it ends; anything but COMPLETED is an error.</summary>
    private async Task<JsonElement> WaitAsync(Guid id, Action<JsonElement> onPoll)
    {
        for (var sw = Stopwatch.StartNew(); ; await Task.Delay(50, Stopping))
        {
            var workflow = (await JsonAsync(await Http.GetAsync($"/api/v1/workflows/{id}"))).GetProperty("workflow");
            onPoll(workflow);
            switch (workflow.GetProperty("state").GetString())
            {
                case "COMPLETED":
                    return workflow;
                case "FAILED" or "CANCELED":
                    throw new InvalidOperationException($"workflow {id} ended {workflow}\n--- dms:\n{DmsTail}");
            }
            if (sw.Elapsed > TimeSpan.FromMinutes(30))
            {
                throw new TimeoutException($"workflow {id} still {workflow}");
            }
        }
    }

    private async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}\n--- dms:\n{DmsTail}");
            }
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Dms.DisposeAsync();
        await A.DisposeAsync();
        await B.DisposeAsync();
    }
}
