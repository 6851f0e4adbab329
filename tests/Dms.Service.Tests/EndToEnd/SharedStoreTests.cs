using Dms.Service.Tests.Cloning;
using Dms.Service.Tests.TestSupport;
using Dms.Testing;
using Lightbits.Emulator.Testing;

namespace Dms.Service.Tests.EndToEnd;

/// <summary>
/// Several dms instances on one PostgreSQL store share the work (DESIGN §9): any instance serves the
/// API, and when the one running a clone dies, another takes it over from its checkpoint.
/// </summary>
public sealed class SharedStoreTests
{
    private readonly string _root = Directory.CreateTempSubdirectory("dms-shared-").FullName;

    [SkippableFact]
    public async Task TwoInstances_ShareClustersAndWorkflows_AndOneTakesOverTheOthersCloneWhenItIsKilled()
    {
        TestPostgres.SkipUnlessAvailable();
        var store = (await TestPostgres.NewSchemaAsync("dms_shared")).ToString();
        await DmsProcess.InitAsync(_root);
        File.AppendAllText(Path.Combine(_root, "etc", "dms.yaml"),
            $"\ncopyWorkflowBandwidth: 16MiB/s\nleaseDuration: 3s\n");
        var yaml = File.ReadAllLines(Path.Combine(_root, "etc", "dms.yaml")).Where(l => !l.StartsWith("store:", StringComparison.Ordinal)).Append($"store: \"{store}\"");
        File.WriteAllLines(Path.Combine(_root, "etc", "dms.yaml"), yaml);
        await using var a = await TestCluster.StartAsync(TestCluster.Instant, servers: 1);
        await using var b = await TestCluster.StartAsync(TestCluster.Instant, servers: 1);

        await using var first = await DmsProcess.ServeAsync(_root);
        await using var second = await DmsProcess.ServeAsync(_root);
        using var one = await first.LoginAsync();
        using var two = await second.LoginAsync();

        // Attached through the first instance, listed by the second: one registry.
        foreach (var cluster in new[] { a, b })
        {
            await DmsApi.ImportKeyAsync(one, cluster);
            var attach = await DmsApi.StartAsync(one, "/api/v1/clusters", new { apiEndpoint = cluster.ApiEndpoints[0] });
            Assert.Equal("COMPLETED", (await ApiWorkflows.EndedAsync(two, attach)).GetProperty("state").GetString());
        }
        var listed = await Json.ReadAsync(await two.GetAsync("/api/v1/clusters"));
        Assert.Equal(2, listed.GetProperty("clusters").GetArrayLength());

        var (_, snapshot, image) = await CloneRig.SourceAsync(a, "64 mib", (0, 48 << 20));
        var clone = await DmsApi.StartAsync(one, "/api/v1/volumes/thickclone", CloneRig.Request(a, snapshot, b, "shared"));
        await ApiWorkflows.UntilAsync(two, clone, ApiWorkflows.CopyStarted, "has started copying");

        // Whichever instance runs it, killing the first leaves the second to finish it.
        await first.KillAsync();
        var ended = await ApiWorkflows.EndedAsync(two, clone);

        Assert.True(ended.GetProperty("state").GetString() == "COMPLETED", ended.ToString());
        var copy = (await b.Client().FindVolumeByNameAsync("default", "shared"))!;
        Assert.Equal(image, await CloneRig.ReadVolumeAsync(b, "default", copy.Uuid!));
        // DMS sent the clusters only fields their API has (a real cluster would drop any other silently).
        Assert.Empty(a.UnknownFields.Concat(b.UnknownFields));
    }
}
