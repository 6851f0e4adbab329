using System.Net;
using System.Net.Http.Json;
using Dms.Contracts.Clusters;
using Dms.Contracts.Json;
using Dms.Service.Cloning;
using Dms.Service.Configuration;
using Dms.Service.Tests.Cloning;
using Dms.Service.Tests.TestSupport;
using Dms.Workflows;
using Lightbits.Emulator.Testing;

namespace Dms.Service.Tests.Clusters;

/// <summary>
/// docs/operations.md "Rotate the cluster key", step by step, on two real lbemu clusters with a
/// clone running across the switch: DMS never loses access to either cluster.
/// </summary>
public sealed class ClusterKeyRotationTests
{
    [Fact]
    public async Task Rotation_PromoteRefusedUntilEveryClusterHasTheNextKey_ThenBothStayAccessibleWithOnlyTheNewCredential_AndARunningCloneCompletes()
    {
        await using var rig = await CloneRig.StartAsync(new CloneOptions { WorkflowBandwidth = 16 << 20 });
        var oldId = await PubKeyIdAsync(rig.Http);
        var (_, snapshot, image) = await CloneRig.SourceAsync(rig.A, "24 mib", (0, 24 << 20));
        // Holds the copy step's first call to A for 20 s, so the clone runs across the whole rotation.
        (await rig.A.Http().PostAsync("/_emulator/faults", JsonContent.Create(new { method = "GET", path = "/api/v2/nodes", skip = 0, count = 1, latencyMs = 20_000 })))
            .EnsureSuccessStatusCode();
        var running = await rig.StartAsync("/api/v1/volumes/thickclone", CloneRig.Request(rig.A, snapshot, rig.B, "across-rotation"));
        await rig.Dms.Workflows.UntilAsync(running, w => w.Journal.CompletedSteps.Contains("prepare-destination") || w.State.IsEnded(), "has prepared its destination");

        // 1. dms cluster-key new
        KeyCommands.NewClusterKey(rig.Dms.ConfigDir, bits: 2048);
        var credentials = await Json.ReadAsync(await rig.Http.GetAsync("/api/v1/service-credentials"));
        Assert.Equal(oldId, credentials.GetProperty("pubKeyId").GetString());
        var nextId = credentials.GetProperty("next").GetProperty("pubKeyId").GetString()!;
        Assert.NotEqual(oldId, nextId);

        // 2. imported on A only: the promote is refused naming B, and nothing changes
        await DmsApi.ImportKeyAsync(rig.Http, rig.A, next: true);
        var refused = await Json.AssertErrorAsync(await PromoteAsync(rig.Http), HttpStatusCode.BadRequest, 9);
        Assert.Contains($"cluster {rig.B.Report.ClusterUuid}", refused, StringComparison.Ordinal);
        Assert.DoesNotContain($"cluster {rig.A.Report.ClusterUuid}", refused, StringComparison.Ordinal);
        Assert.Contains($"--id={nextId}", refused, StringComparison.Ordinal);
        Assert.Equal(oldId, await PubKeyIdAsync(rig.Http));

        // 3. imported on B too: promoted, the old key kept as previous
        await DmsApi.ImportKeyAsync(rig.Http, rig.B, next: true);
        using (var promoted = await PromoteAsync(rig.Http))
        {
            var body = await Json.ReadAsync(promoted);
            Assert.True(promoted.IsSuccessStatusCode, body.ToString());
            Assert.Equal(nextId, body.GetProperty("pubKeyId").GetString());
            Assert.Equal(oldId, body.GetProperty("previousPubKeyId").GetString());
            Assert.False(body.TryGetProperty("next", out _));
        }

        Assert.Equal(nextId, rig.Dms.ConfigDir.ClusterKey(Dms.Service.Clusters.ClusterKeySlot.Current).ReadPubKeyId());
        Assert.Equal(oldId, rig.Dms.ConfigDir.ClusterKey(Dms.Service.Clusters.ClusterKeySlot.Previous).ReadPubKeyId());

        // 4. the old credential deleted on both clusters; the clone started before the promote is still running
        foreach (var cluster in new[] { rig.A, rig.B })
        {
            await cluster.Client().DeleteCredentialAsync("system", oldId);
        }

        Assert.False((await rig.Dms.Workflows.GetAsync(running))!.State.IsEnded(), "the clone ended before the rotation did; the test proves nothing");
        var clone = await rig.Dms.Workflows.EndedAsync(running);
        Assert.True(clone.State == WorkflowState.Completed, $"{clone.State}: {clone.Msg}");
        var across = (await rig.B.Client().FindVolumeByNameAsync("default", "across-rotation"))!;
        Assert.Equal(image, await CloneRig.ReadVolumeAsync(rig.B, "default", across.Uuid!));

        // a refresh shows both clusters accessible, and a new thick clone works
        var refresh = await rig.Dms.Workflows.EndedAsync(await rig.StartAsync("/api/v1/clusters/refresh", new { }));
        Assert.True(refresh.State == WorkflowState.Completed, refresh.Msg);
        var clusters = (await rig.Http.GetFromJsonAsync("/api/v1/clusters", DmsJsonContext.Default.ClusterList))!.Clusters;
        Assert.All(clusters, c => Assert.Equal(ConnectionStatus.Connected, c.ClusterConnectionStatus.AccessConnectionStatus));
        Assert.Equal(2, clusters.Count);
        var after = await rig.Dms.Workflows.EndedAsync(await rig.StartAsync("/api/v1/volumes/thickclone", CloneRig.Request(rig.A, snapshot, rig.B, "after-rotation")));
        Assert.True(after.State == WorkflowState.Completed, $"{after.State}: {after.Msg}");
        var afterVolume = (await rig.B.Client().FindVolumeByNameAsync("default", "after-rotation"))!;
        Assert.Equal(image, await CloneRig.ReadVolumeAsync(rig.B, "default", afterVolume.Uuid!));
    }

    [Fact]
    public async Task Promote_WithNoNextKey_IsRefusedSayingHowToMakeOne()
    {
        await using var dms = await DmsTestHost.StartAsync();
        var http = await dms.AuthorizedAsync();
        var before = await PubKeyIdAsync(http);

        var message = await Json.AssertErrorAsync(await PromoteAsync(http), HttpStatusCode.BadRequest, 9);

        Assert.Contains("no next cluster key", message, StringComparison.Ordinal);
        Assert.Contains("dms cluster-key new", message, StringComparison.Ordinal);
        Assert.Equal(before, await PubKeyIdAsync(http));
    }

    [Fact]
    public async Task Promote_WithoutASession_Is401_AndTheNextKeyStaysNext()
    {
        await using var dms = await DmsTestHost.StartAsync();
        KeyCommands.NewClusterKey(dms.ConfigDir, bits: 2048);
        var before = dms.Get<Dms.Service.Clusters.ClusterKeyRing>().Current.PubKeyId;

        await Json.AssertErrorAsync(await PromoteAsync(dms.Http()), HttpStatusCode.Unauthorized, 16);
        await Json.AssertErrorAsync(await PromoteAsync(dms.Http("not-a-token")), HttpStatusCode.Unauthorized, 16);

        Assert.Equal(before, dms.Get<Dms.Service.Clusters.ClusterKeyRing>().Current.PubKeyId);
        Assert.True(dms.ConfigDir.ClusterKey(Dms.Service.Clusters.ClusterKeySlot.Next).Exist);
    }

    [Fact]
    public async Task NewClusterKey_Twice_IsRefusedNamingTheNextKey_AndKeepsIt()
    {
        await using var dms = await DmsTestHost.StartAsync();
        KeyCommands.NewClusterKey(dms.ConfigDir, bits: 2048);
        var next = dms.ConfigDir.ClusterKey(Dms.Service.Clusters.ClusterKeySlot.Next);
        var (pem, id) = (await File.ReadAllTextAsync(next.PemFile), next.ReadPubKeyId());

        var e = Assert.Throws<ConfigException>(() => KeyCommands.NewClusterKey(dms.ConfigDir, bits: 2048));

        Assert.Contains($"a next cluster key exists already: {id}", e.Message, StringComparison.Ordinal);
        Assert.Equal(pem, await File.ReadAllTextAsync(next.PemFile));
        Assert.Equal(id, next.ReadPubKeyId());
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AnotherInstanceOnTheStore_SignsWithThePromotedKey_AfterSighup(string store)
    {
        var storeSetting = "sqlite";
        if (store == "postgres")
        {
            TestPostgres.SkipUnlessAvailable();
            storeSetting = (await TestPostgres.NewSchemaAsync("dms_keys")).ToString();
        }

        await using var first = await DmsTestHost.StartAsync(settings: s => s with { Store = storeSetting });
        var secondRoot = Directory.CreateTempSubdirectory("dms-test-").FullName;
        CopyKeys(first.ConfigDir, new ConfigDir(Path.Combine(secondRoot, "etc")), "cluster-key.pem", "cluster-key.id");
        await using var second = await DmsTestHost.StartAsync(settings: s => s with { StateDir = first.StateDir, Store = storeSetting }, root: secondRoot);
        KeyCommands.NewClusterKey(first.ConfigDir, bits: 2048);
        CopyKeys(first.ConfigDir, second.ConfigDir, "cluster-key.next.pem", "cluster-key.next.id");
        var nextId = second.ConfigDir.ClusterKey(Dms.Service.Clusters.ClusterKeySlot.Next).ReadPubKeyId();

        using (var promoted = await PromoteAsync(await first.AuthorizedAsync()))
        {
            Assert.True(promoted.IsSuccessStatusCode, await promoted.Content.ReadAsStringAsync());
        }

        await second.Get<HangupReloader>().ReloadAsync();

        Assert.Equal(nextId, await PubKeyIdAsync(await second.AuthorizedAsync()));
        Assert.Equal(nextId, second.ConfigDir.ClusterKey(Dms.Service.Clusters.ClusterKeySlot.Current).ReadPubKeyId());
        Assert.Equal(nextId, second.Get<Dms.Service.Clusters.ClusterKeyRing>().Current.PubKeyId);
    }

    [Fact]
    public async Task APromoteStoppedAfterTheCurrentIdWasWritten_IsFinishedByTheNextStart()
    {
        await using var dms = await DmsTestHost.StartAsync();
        KeyCommands.NewClusterKey(dms.ConfigDir, bits: 2048);
        var next = dms.ConfigDir.ClusterKey(Dms.Service.Clusters.ClusterKeySlot.Next);
        var (nextId, nextPem) = (next.ReadPubKeyId(), await File.ReadAllTextAsync(next.PemFile));
        await File.WriteAllTextAsync(dms.ConfigDir.ClusterKeyIdFile, nextId + "\n"); // the crash: current id written, current PEM not yet

        using var ring = Dms.Service.Clusters.ClusterKeyRing.Load(dms.ConfigDir, TimeProvider.System, TimeSpan.FromMinutes(1));

        Assert.Equal(nextId, ring.Current.PubKeyId);
        Assert.Equal(nextPem, await File.ReadAllTextAsync(dms.ConfigDir.ClusterKeyFile));
        Assert.Null(ring.Next);
        Assert.False(File.Exists(next.PemFile) || File.Exists(next.IdFile));
    }

    private static void CopyKeys(ConfigDir from, ConfigDir to, params string[] names)
    {
        Directory.CreateDirectory(to.Path);
        foreach (var name in names)
        {
            File.Copy(Path.Combine(from.Path, name), Path.Combine(to.Path, name), overwrite: true);
        }
    }

    private static Task<HttpResponseMessage> PromoteAsync(HttpClient dms) => dms.PostAsJsonAsync("/api/v1/service-credentials/promote", new { });

    private static async Task<string> PubKeyIdAsync(HttpClient dms) =>
        (await Json.ReadAsync(await dms.GetAsync("/api/v1/service-credentials"))).GetProperty("pubKeyId").GetString()!;
}
