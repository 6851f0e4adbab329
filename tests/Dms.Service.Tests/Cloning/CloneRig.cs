using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Common.Testing;
using Dms.Contracts.Clusters;
using Dms.Contracts.Json;
using Dms.Service.Cloning;
using Dms.Service.Tests.TestSupport;
using Dms.Workflows;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dms.Service.Tests.Cloning;

/// <summary>
/// Two real lbemu clusters and a real dms (in-process, real HTTPS and NVMe/TCP), both clusters
/// attached; helpers to put data on a source snapshot and to read what a clone produced.
/// </summary>
internal sealed class CloneRig : IAsyncDisposable
{
    /// <summary>The test's own NVMe host: writes source data and reads results, like an application would.</summary>
    public const string TestHost = "nqn.2014-08.org.nvmexpress:uuid:7e570000-0000-4000-8000-00000000c10e";

    private readonly IDisposable[] _clocks;

    private CloneRig(TestCluster a, TestCluster b, DmsTestHost dms, HttpClient http, LogRecorder logs, IDisposable[] clocks)
    {
        _clocks = clocks;
        Logs = logs;
        A = a;
        B = b;
        Dms = dms;
        Http = http;
    }

    public TestCluster A { get; }
    public TestCluster B { get; }
    public DmsTestHost Dms { get; private set; }
    public HttpClient Http { get; private set; }

    /// <summary>What dms logged, across restarts.</summary>
    public LogRecorder Logs { get; }

    /// <param name="memoryStorage">Both emulators keep volume data in RAM (and lend it to NVMe/TCP transfers), as in the clone benchmark.</param>
    /// <param name="emulator">Further emulator options for both clusters (e.g. another wire mode).</param>
    /// <param name="sourceOptions">More emulator options for cluster A only (e.g. another changed-blocks encoding).</param>
    /// <param name="destinationOptions">More emulator options for cluster B only.</param>
    /// <param name="realTimeClocks">
    /// Both emulators' clocks run in real time from before the attach (which creates scratch resources
    /// for the changed-blocks self-check), for options whose effect lasts a while after each create.
    /// </param>
    public static async Task<CloneRig> StartAsync(CloneOptions? clone = null, long? capacityOfB = null, TimeSpan? lease = null, bool memoryStorage = false,
        Func<Dms.Service.Configuration.DmsSettings, Dms.Service.Configuration.DmsSettings>? settings = null,
        Func<Lightbits.Emulator.EmulatorOptions, Lightbits.Emulator.EmulatorOptions>? emulator = null,
        Func<Lightbits.Emulator.EmulatorOptions, Lightbits.Emulator.EmulatorOptions>? sourceOptions = null,
        Func<Lightbits.Emulator.EmulatorOptions, Lightbits.Emulator.EmulatorOptions>? destinationOptions = null,
        bool realTimeClocks = false)
    {
        Func<Lightbits.Emulator.EmulatorOptions, Lightbits.Emulator.EmulatorOptions> Fast(long? capacity) =>
            o => (emulator ?? (x => x))(TestCluster.Instant(o) with { CapacityBytes = capacity, MemoryStorage = memoryStorage });
        var a = await TestCluster.StartAsync(o => (sourceOptions ?? (x => x))(Fast(null)(o)), servers: 2);
        var b = await TestCluster.StartAsync(o => (destinationOptions ?? (x => x))(Fast(capacityOfB)(o)), servers: 2);
        var clocks = realTimeClocks ? new[] { a.RunClockInRealTime(), b.RunClockInRealTime() } : [];
        var logs = new LogRecorder();
        // The changed-blocks self-check runs at attach, as in production: clones plan from changed blocks only on clusters it verified.
        var dms = await DmsTestHost.StartAsync(settings: s => (settings ?? (x => x))(s with
        {
            LeaseDuration = lease ?? s.LeaseDuration,
            ChangedBlocksCheckTimeout = TimeSpan.FromMinutes(1),
        }), services: Services(clone, logs));
        var rig = new CloneRig(a, b, dms, await dms.AuthorizedAsync(), logs, clocks);
        foreach (var cluster in new[] { a, b })
        {
            await DmsApi.ImportKeyAsync(rig.Http, cluster);
            var attach = await rig.StartAsync("/api/v1/clusters", new { apiEndpoint = cluster.ApiEndpoints[0] });
            var done = await dms.Workflows.EndedAsync(attach);
            Assert.True(done.State == WorkflowState.Completed, done.Msg);
        }
        return rig;
    }

    private static Action<IServiceCollection> Services(CloneOptions? clone, LogRecorder logs) => s =>
    {
        s.AddSingleton<ILoggerProvider>(logs);
        if (clone is not null)
        {
            s.AddSingleton(clone);
        }
    };

    /// <summary>Stops dms and starts it again on the same config and store (workflows are handed back and resumed).</summary>
    public async Task RestartDmsAsync(CloneOptions? clone = null, TimeSpan? lease = null)
    {
        Dms = await Dms.RestartAsync(settings: s => s with { LeaseDuration = lease ?? s.LeaseDuration }, services: Services(clone, Logs));
        Http = await Dms.AuthorizedAsync();
    }

    public Task<Guid> StartAsync(string path, object body) => DmsApi.StartAsync(Http, path, body);

    /// <summary>Adds an lbemu fault rule (README, test controls) to <paramref name="cluster"/>.</summary>
    public static async Task FaultAsync(TestCluster cluster, object rule) =>
        (await cluster.Http().PostAsync("/_emulator/faults", JsonContent.Create(rule))).EnsureSuccessStatusCode();

    /// <summary>A volume on <paramref name="cluster"/> holding seeded random data at the given ranges, and a snapshot of it.</summary>
    public static async Task<(Volume Volume, Snapshot Snapshot, byte[] Image)> SourceAsync(TestCluster cluster, string size, params (long Offset, int Length)[] data)
    {
        var volume = await cluster.CreateAvailableVolumeAsync($"src-{Guid.NewGuid():N}"[..20], size, TestHost);
        var image = new byte[volume.Size];
        var random = new Random(volume.Uuid!.GetHashCode(StringComparison.Ordinal));
        await using (var device = await cluster.OpenAsync(volume, TestHost))
        {
            foreach (var (offset, length) in data)
            {
                random.NextBytes(image.AsSpan((int)offset, length));
                await device.WriteAsync(offset, image.AsMemory((int)offset, length));
            }
            await device.FlushAsync();
        }
        var snapshot = await cluster.Client().CreateSnapshotAsync("default", new CreateSnapshotRequest { Name = $"snap-{volume.Name}", SourceVolumeUuid = volume.Uuid });
        // Read it back as any client would: a cluster may answer 404 for a moment after the create.
        var created = await Poll.UntilAsync(() => cluster.Client().FindSnapshotAsync("default", snapshot.Uuid!), s => s is not null, $"snapshot {snapshot.Uuid} to be readable");
        return (volume, created!, image);
    }

    public static object Request(TestCluster source, Snapshot snapshot, TestCluster destination, string name, object? extra = null, bool verify = true)
    {
        var dst = new Dictionary<string, object?> { ["name"] = name, ["clusterId"] = destination.Report.ClusterUuid };
        if (extra is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(extra).EnumerateObject())
            {
                dst[property.Name] = property.Value;
            }
        }
        return new
        {
            src = new { snapId = snapshot.Uuid, projectName = "default", clusterId = source.Report.ClusterUuid },
            dst,
            verifyClone = verify,
        };
    }

    /// <summary>Reads a whole volume over NVMe/TCP as the test host (admitting it to the ACL first).</summary>
    public static async Task<byte[]> ReadVolumeAsync(TestCluster cluster, string project, string uuid)
    {
        var client = cluster.Client();
        await client.UpdateVolumeAsync(project, uuid, v => new UpdateVolumeRequest { Acl = StringList.Of(TestHost) });
        var volume = await client.GetVolumeAsync(project, uuid);
        await using var device = await cluster.OpenAsync(volume, TestHost);
        var data = new byte[volume.Size];
        for (long offset = 0; offset < data.Length; offset += 4 << 20)
        {
            await device.ReadAsync(offset, data.AsMemory((int)offset, (int)Math.Min(4 << 20, data.Length - offset)));
        }
        return data;
    }

    /// <summary>Volumes and snapshots DMS made on a cluster, other than the <paramref name="results"/> it was asked for.</summary>
    public static async Task<IReadOnlyList<string>> LeftoversAsync(TestCluster cluster, params string[] results)
    {
        var client = cluster.Client();
        var names = new List<string>();
        foreach (var project in await client.ListProjectsAsync())
        {
            names.AddRange((await client.ListVolumesAsync(project.Name!)).Where(v => v.Labels?.Any(l => l.Key == CloneNames.LabelKey) == true).Select(v => $"volume {v.Name}"));
            names.AddRange((await client.ListSnapshotsAsync(project.Name!)).Where(s => s.Labels?.Any(l => l.Key == CloneNames.LabelKey) == true).Select(s => $"snapshot {s.Name}"));
        }
        return [.. names.Except(results)];
    }

    /// <summary>What the changed-blocks self-check at attach stored for <paramref name="cluster"/>, as GET /api/v1/clusters shows it.</summary>
    public async Task<ChangedBlocksCheck> ChangedBlocksCheckAsync(TestCluster cluster)
    {
        var clusters = (await Http.GetFromJsonAsync("/api/v1/clusters", DmsJsonContext.Default.ClusterList))!.Clusters;
        return clusters.Single(c => c.Id == cluster.Report.ClusterUuid).ChangedBlocksCheck
            ?? throw new Xunit.Sdk.XunitException("the attach stored no changed-blocks check");
    }

    /// <summary>
    /// Stops everything, then fails if any request to either cluster (DMS's or the test's own) held
    /// a field the API does not have: a real cluster would have dropped it silently.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        var unknown = A.UnknownFields.Concat(B.UnknownFields).ToList();
        await Dms.DisposeAsync();
        foreach (var clock in _clocks)
        {
            clock.Dispose();
        }
        await A.DisposeAsync();
        await B.DisposeAsync();
        Assert.Empty(unknown);
    }
}

/// <summary>One rig for a whole test class, its emulators in wire mode <typeparamref name="TMode"/>: every test uses its own volume names, so they do not interfere.</summary>
public class SharedCloneRig<TMode> : IAsyncLifetime where TMode : IWireMode
{
    internal CloneRig Rig { get; private set; } = null!;

    public async Task InitializeAsync() => Rig = await CloneRig.StartAsync(emulator: TMode.Emulator);

    public async Task DisposeAsync() => await Rig.DisposeAsync();
}

/// <summary>A shared rig in lbemu's default wire mode.</summary>
public sealed class SharedCloneRig : SharedCloneRig<GatewayDefaults>;
