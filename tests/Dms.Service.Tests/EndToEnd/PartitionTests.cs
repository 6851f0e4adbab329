using Dms.Service.Tests.Cloning;
using Dms.Service.Tests.TestSupport;
using Dms.Testing;
using Lightbits.Emulator.Testing;
using Npgsql;

namespace Dms.Service.Tests.EndToEnd;

/// <summary>
/// One writer per volume under partitions (DESIGN §4, fencing): an instance cut off from PostgreSQL
/// mid-copy stops writing before its lease expires, and the instance that takes the clone over starts
/// writing only after that, as the destination target's own record of who wrote what shows.
/// </summary>
public sealed class PartitionTests
{
    private readonly string _root = Directory.CreateTempSubdirectory("dms-partition-").FullName;

    [SkippableFact]
    public async Task AnInstanceCutOffFromTheStoreMidCopy_StopsWritingBeforeAnotherTakesOver_AndTheCloneIsByteIdentical()
    {
        TestPostgres.SkipUnlessAvailable();
        var direct = await TestPostgres.NewSchemaAsync("dms_partition");
        direct.Pooling = false;
        await using var proxy = new TcpProxy(new System.Net.IPEndPoint(System.Net.IPAddress.Parse(direct.Host!), direct.Port));
        var throughProxy = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = proxy.Endpoint.Port };
        await DmsProcess.InitAsync(_root);
        // 64 MiB at 4 MiB/s: the copy runs for sixteen seconds, so an unfenced first instance would still be writing at the takeover.
        File.AppendAllText(Path.Combine(_root, "etc", "dms.yaml"), "\ncopyWorkflowBandwidth: 4MiB/s\nleaseDuration: 6s\n");
        await using var a = await TestCluster.StartAsync(TestCluster.Instant, servers: 1);
        await using var b = await TestCluster.StartAsync(TestCluster.Instant, servers: 1);
        var (_, snapshot, image) = await CloneRig.SourceAsync(a, "64 mib", (0, 64 << 20));

        await using var first = await DmsProcess.ServeAsync(_root, new Dictionary<string, string> { ["DMS_STORE"] = throughProxy.ConnectionString });
        using var one = await first.LoginAsync();
        foreach (var cluster in new[] { a, b })
        {
            await DmsApi.ImportKeyAsync(one, cluster);
            var attach = await DmsApi.StartAsync(one, "/api/v1/clusters", new { apiEndpoint = cluster.ApiEndpoints[0] });
            Assert.Equal("COMPLETED", (await ApiWorkflows.EndedAsync(one, attach)).GetProperty("state").GetString());
        }
        var writes = b.RecordWrites();
        var clone = await DmsApi.StartAsync(one, "/api/v1/volumes/thickclone", CloneRig.Request(a, snapshot, b, "partitioned", verify: false));
        await ApiWorkflows.UntilAsync(one, clone, ApiWorkflows.CopyStarted, "has started copying");
        await using var second = await DmsProcess.ServeAsync(_root, new Dictionary<string, string> { ["DMS_STORE"] = direct.ConnectionString });
        using var two = await second.LoginAsync();

        proxy.Blackhole();
        var ended = await ApiWorkflows.EndedAsync(two, clone);

        Assert.True(ended.GetProperty("state").GetString() == "COMPLETED", ended.ToString());
        var copy = (await b.Client().FindVolumeByNameAsync("default", "partitioned"))!;
        Assert.Equal(image, await CloneRig.ReadVolumeAsync(b, "default", copy.Uuid!));
        // Who wrote the destination, in the order the target received it: the first instance, then the second, never mixed.
        var writers = writes.Snapshot().Where(w => w.NamespaceUuid == Guid.Parse(copy.Uuid!)).Select(w => w.HostId).ToList();
        var runs = writers.Where((host, i) => i == 0 || host != writers[i - 1]).ToList();
        Assert.True(runs.Count == 2, $"expected the first instance's writes and then the second's, got runs by {string.Join(", ", runs)}");
        // DMS sent the clusters only fields their API has (a real cluster would drop any other silently).
        Assert.Empty(a.UnknownFields.Concat(b.UnknownFields));
    }
}
