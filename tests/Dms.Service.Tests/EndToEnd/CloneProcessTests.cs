using Dms.Service.Tests.Cloning;
using Dms.Service.Tests.TestSupport;
using Dms.Testing;
using Lightbits.Emulator.Testing;

namespace Dms.Service.Tests.EndToEnd;

/// <summary>A thick clone survives the dms process being SIGKILLed mid-copy: a new process takes it over and finishes it.</summary>
public sealed class CloneProcessTests
{
    private readonly string _root = Directory.CreateTempSubdirectory("dms-kill-").FullName;

    [Fact]
    public async Task Clone_DmsKilledMidCopy_NewProcessResumesIt_AndTheCopyMatchesTheSource()
    {
        var configDir = Path.Combine(_root, "etc");
        await DmsProcess.InitAsync(_root);
        // Slow copies and short leases: the kill lands mid-copy and the takeover comes within seconds.
        File.AppendAllText(Path.Combine(configDir, "dms.yaml"), "\ncopyWorkflowBandwidth: 16MiB/s\nleaseDuration: 3s\n");
        await using var a = await TestCluster.StartAsync(TestCluster.Instant, servers: 1);
        await using var b = await TestCluster.StartAsync(TestCluster.Instant, servers: 1);

        Guid id;
        byte[] image;
        await using (var first = await DmsProcess.ServeAsync(_root))
        {
            using var http = await first.LoginAsync();
            foreach (var cluster in new[] { a, b })
            {
                await DmsApi.ImportKeyAsync(http, cluster);
                var attach = await DmsApi.StartAsync(http, "/api/v1/clusters", new { apiEndpoint = cluster.ApiEndpoints[0] });
                Assert.Equal("COMPLETED", (await ApiWorkflows.EndedAsync(http, attach)).GetProperty("state").GetString());
            }
            (_, var snapshot, image) = await CloneRig.SourceAsync(a, "64 mib", (0, 48 << 20));
            id = await DmsApi.StartAsync(http, "/api/v1/volumes/thickclone", CloneRig.Request(a, snapshot, b, "survivor"));
            await ApiWorkflows.UntilAsync(http, id, ApiWorkflows.CopyStarted, "has started copying");

            await first.KillAsync();
        }

        await using var second = await DmsProcess.ServeAsync(_root);
        using var again = await second.LoginAsync();
        var workflow = await ApiWorkflows.EndedAsync(again, id);
        Assert.True(workflow.GetProperty("state").GetString() == "COMPLETED", workflow.ToString());
        var clone = (await b.Client().FindVolumeByNameAsync("default", "survivor"))!;
        Assert.Equal(image, await CloneRig.ReadVolumeAsync(b, "default", clone.Uuid!));
        Assert.Empty(await CloneRig.LeftoversAsync(a));
        await second.StopAsync();
        // DMS sent the clusters only fields their API has (a real cluster would drop any other silently).
        Assert.Empty(a.UnknownFields.Concat(b.UnknownFields));
    }
}
