using Common.Testing;
using Dms.Service.Cloning;
using Dms.Service.Tests.Cloning;
using Dms.Service.Tests.TestSupport;
using Dms.Testing;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Dms.Service.Tests.EndToEnd;

/// <summary>A dms process killed after it delivered a result never loses that result (issue 12).</summary>
public sealed class CloneCrashTests
{
    private readonly string _root = Directory.CreateTempSubdirectory("dms-crash-").FullName;

    [Fact]
    public async Task DmsKilledBetweenTheStagingDeleteAndTheJournalSave_TheSnapshotCloneCompletesIntact()
    {
        await DmsProcess.InitAsync(_root);
        // No changed-blocks self-check: B's deletes take 20 s on a clock this test moves only later, so the check's cleanup would hold the attach.
        File.AppendAllText(Path.Combine(_root, "etc", "dms.yaml"), "\nleaseDuration: 3s\nchangedBlocksCheckTimeout: off\n");
        await using var a = await TestCluster.StartAsync(TestCluster.Instant, servers: 1);
        // B deletes a volume 20 s (of its own clock, moved by the test) after being asked: the killed dms is caught waiting for the staging volume to go.
        await using var b = await TestCluster.StartAsync(o => TestCluster.Instant(o) with { DeleteDelay = TimeSpan.FromSeconds(20) }, servers: 1);
        var (_, snapshot, image) = await CloneRig.SourceAsync(a, "16 mib", (0, 4 << 20), (12 << 20, 4 << 20));

        Guid id;
        await using (var first = await DmsProcess.ServeAsync(_root))
        {
            using var http = await first.LoginAsync();
            foreach (var cluster in new[] { a, b })
            {
                await DmsApi.ImportKeyAsync(http, cluster);
                var attach = await DmsApi.StartAsync(http, "/api/v1/clusters", new { apiEndpoint = cluster.ApiEndpoints[0] });
                Assert.Equal("COMPLETED", (await ApiWorkflows.EndedAsync(http, attach)).GetProperty("state").GetString());
            }
            id = await DmsApi.StartAsync(http, "/api/v1/snapshots/thickclone", CloneRig.Request(a, snapshot, b, "survivor"));
            await Poll.UntilAsync(() => b.Client().FindVolumeByNameAsync("default", CloneNames.StagingVolume(id)), staging => staging?.State == VolumeState.Deleting,
                $"workflow {id} deletes its staging volume", TimeSpan.FromMinutes(1), describe: staging => staging?.State.ToString() ?? "no staging volume");

            await first.KillAsync();
        }

        await using var second = await DmsProcess.ServeAsync(_root);
        using var again = await second.LoginAsync();
        b.Time.Advance(TimeSpan.FromSeconds(20));
        var ended = await ApiWorkflows.EndedAsync(again, id);

        Assert.True(ended.GetProperty("state").GetString() == "COMPLETED", ended.ToString());
        var copy = (await b.Client().FindSnapshotByNameAsync("default", "survivor"))!;
        Assert.Equal(SnapshotState.Available, copy.State);
        var read = new byte[image.Length];
        await b.Blocks.ReadSnapshotAsync(Guid.Parse(copy.Uuid!), 0, read);
        Assert.Equal(image, read);
        Assert.Null(await b.Client().FindVolumeByNameAsync("default", CloneNames.StagingVolume(id)));
        // DMS sent the clusters only fields their API has (a real cluster would drop any other silently).
        Assert.Empty(a.UnknownFields.Concat(b.UnknownFields));
    }
}
