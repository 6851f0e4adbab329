using System.Text.Json;
using Dms.Testing;
using Lightbits.Emulator.Testing;

namespace Dms.Cli.Tests;

/// <summary>
/// Issue 16 finding 5: clusters by the name dmscli list clusters shows, snapshots by name, a dry run
/// before the real thing, and completion that knows what DMS knows.
/// </summary>
[Collection(DmsCliTestGroup.Name)]
public sealed class NamesTests(DmsCliFixture fixture)
{
    private async Task AttachAsync(LbemuProcess cluster)
    {
        var attach = await fixture.RunAsync("attach", "cluster", $"--api-endpoint={cluster.ApiEndpoints[0]}", "--wait");
        Assert.True(attach.ExitCode == 0, DmsCliFixture.Describe(attach));
    }

    /// <summary>A 16 MiB volume and a snapshot of it named <paramref name="name"/>, made with lbcli as a cluster admin would; returns the snapshot's UUID.</summary>
    private static async Task<string> SnapshotAsync(LbemuProcess cluster, string name)
    {
        await LbcliAsync(cluster, "create", "volume", $"--name=vol-{name}", "--size=16 MiB", "--acl=ALLOW_NONE", "--replica-count=1");
        var snapshot = await LbcliAsync(cluster, "create", "snapshot", $"--name={name}", $"--source-volume-name=vol-{name}", "-o", "json");
        return JsonDocument.Parse(snapshot.Stdout).RootElement.GetProperty("UUID").GetString()!;
    }

    private static async Task<ChildProcess.Result> LbcliAsync(LbemuProcess cluster, params string[] args)
    {
        var result = await ChildProcess.RunAsync("lbcli", ["--data-dir", cluster.DataDir, .. args]);
        Assert.True(result.ExitCode == 0, DmsCliFixture.Describe(result));
        return result;
    }

    private async Task<int> WorkflowCountAsync() =>
        JsonDocument.Parse((await fixture.RunAsync("list", "workflows", "--all", "-o", "json")).Stdout).RootElement.GetProperty("workflows").GetArrayLength();

    private static string[] Clone(string snapshot, string dstName, params string[] more) =>
    [
        "thick-clone", "volume", "--src-cluster-id", "cluster-a", "--src-proj-name", "default", "--src-snap-name", snapshot,
        "--dst-cluster-id", "cluster-a", "--dst-proj-name", "default", "--dst-name", dstName, .. more,
    ];

    [Fact]
    public async Task ThickClone_ByClusterAndSnapshotName_DryRunPrintsWhatWouldBeCreatedAndStartsNothing_ThenTheRealOneCompletes()
    {
        await AttachAsync(fixture.ClusterA);
        var snapshotId = await SnapshotAsync(fixture.ClusterA, "names-snap");
        var before = await WorkflowCountAsync();

        var dry = await fixture.RunAsync(Clone("names-snap", "names-copy", "--size", "32MiB", "--dry-run"));

        Assert.True(dry.ExitCode == 0, DmsCliFixture.Describe(dry));
        Assert.StartsWith("Dry run: DMS accepted the request and would start a ThickCloneVolume workflow; nothing was created.", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains($"snapshot names-snap ({snapshotId}) in project default on cluster {fixture.ClusterA.ClusterUuid}", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains("size   32 MiB (33554432 bytes)", dry.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, await WorkflowCountAsync());
        Assert.DoesNotContain("names-copy", (await LbcliAsync(fixture.ClusterA, "list", "volumes", "-o", "json")).Stdout, StringComparison.Ordinal);
        var json = JsonDocument.Parse((await fixture.RunAsync([.. Clone("names-snap", "names-copy", "--dry-run"), "-o", "json"])).Stdout).RootElement;
        Assert.True(json.GetProperty("dryRun").GetBoolean());
        Assert.Equal(snapshotId, json.GetProperty("request").GetProperty("src").GetProperty("snapId").GetString());

        var real = await fixture.RunAsync(Clone("names-snap", "names-copy", "--wait"));

        Assert.True(real.ExitCode == 0, DmsCliFixture.Describe(real));
        Assert.Contains("names-copy", (await LbcliAsync(fixture.ClusterA, "list", "volumes", "-o", "json")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThickClone_UnknownClusterName_IsNotFoundListingTheAttachedClusters()
    {
        await AttachAsync(fixture.ClusterA);

        var result = await fixture.RunAsync([.. Clone("any", "x").Select(a => a == "cluster-a" ? "cluster-x" : a)]);

        OneLine.AssertFailure(result, 3, $"--src-cluster-id 'cluster-x': no attached cluster has that name or UUID; attached: ");
        Assert.Contains($"cluster-a ({fixture.ClusterA.ClusterUuid})", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThickClone_UnknownSnapshotName_IsRefusedByDmsNamingIt()
    {
        await AttachAsync(fixture.ClusterA);

        OneLine.AssertFailure(await fixture.RunAsync(Clone("no-such-snap", "x", "--dry-run")), 3,
            $"src.snapName 'no-such-snap' is not a snapshot of project 'default' on cluster {fixture.ClusterA.ClusterUuid}");
    }

    [Fact]
    public async Task ThickClone_SnapshotIdAndName_OrNeither_IsAUsageError()
    {
        OneLine.AssertFailure(await fixture.RunAsync([.. Clone("s", "x"), "--src-snap-id", Guid.NewGuid().ToString()]), 2, "give '--src-snap-id' or '--src-snap-name', not both");
        var neither = Clone("s", "x").ToList();
        neither.RemoveRange(neither.IndexOf("--src-snap-name"), 2);
        OneLine.AssertFailure(await fixture.RunAsync([.. neither]), 2, "'dmscli thick-clone volume' needs --src-snap-id or --src-snap-name");
    }

    [Fact]
    public async Task ThickClone_TenGigabytesOnFourKSectors_DmsSaysSoInHumanUnits()
    {
        await AttachAsync(fixture.ClusterA);
        await SnapshotAsync(fixture.ClusterA, "names-size");

        // 10GB fills whole 512-byte sectors, so dmscli sends it; the source's 4096-byte sectors are DMS's to check.
        OneLine.AssertFailure(await fixture.RunAsync(Clone("names-size", "x", "--size", "10GB", "--dry-run")), 2,
            "dst.size 10 GB (10000000000 bytes) is not a whole number of 4096-byte sectors; nearest valid: 9.31 GiB (9999998976 bytes) or 9.31 GiB (10000003072 bytes)");
    }

    [Fact]
    public async Task DetachCluster_ByName_AmbiguousNameListsTheMatches_UnknownNameListsTheAttached()
    {
        var work = Path.Combine(fixture.Work, "twins-" + Guid.NewGuid().ToString("N")[..6]);
        await using var first = await LbemuProcess.StartAsync(Path.Combine(work, "1"), "twin");
        await using var second = await LbemuProcess.StartAsync(Path.Combine(work, "2"), "twin");
        foreach (var twin in new[] { first, second })
        {
            await ImportKeyAsync(twin);
            await AttachAsync(twin);
        }

        var ambiguous = await fixture.RunAsync("detach", "cluster", "--cluster-id", "twin");
        OneLine.AssertFailure(ambiguous, 2, "--cluster-id 'twin' is the name of 2 attached clusters");
        Assert.Contains(first.ClusterUuid, ambiguous.Stderr, StringComparison.Ordinal);
        Assert.Contains(second.ClusterUuid, ambiguous.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, (await fixture.RunAsync("detach", "cluster", "--cluster-id", first.ClusterUuid)).ExitCode);
        var byName = await fixture.RunAsync("detach", "cluster", "--cluster-id", "twin");
        Assert.True(byName.ExitCode == 0, DmsCliFixture.Describe(byName));
        Assert.Contains(second.ClusterUuid, byName.Stdout, StringComparison.Ordinal);
        OneLine.AssertFailure(await fixture.RunAsync("detach", "cluster", "--cluster-id", "twin"), 3, "--cluster-id 'twin': no attached cluster has that name or UUID");
    }

    [Fact]
    public async Task Completion_OffersClusterNamesAndWorkflowIds_FromDms_AndNothingAtAllWithoutAConfig()
    {
        await AttachAsync(fixture.ClusterA);
        var workflow = JsonDocument.Parse((await fixture.RunAsync("list", "workflows", "-o", "json")).Stdout).RootElement
            .GetProperty("workflows")[0].GetProperty("id").GetString()!;

        var clusters = await Suggest(fixture.Home, "dmscli thick-clone volume --src-cluster-id ");
        Assert.Contains("cluster-a", clusters.Stdout.Split('\n'));
        var prefixed = await Suggest(fixture.Home, "dmscli detach cluster --cluster-id cluster-");
        Assert.Contains("cluster-a", prefixed.Stdout.Split('\n'));
        var ids = await Suggest(fixture.Home, "dmscli get workflow --id ");
        Assert.Contains(workflow, ids.Stdout.Split('\n'));

        var silent = await Suggest(fixture.NewHome(), "dmscli get workflow --id ");
        Assert.Equal((0, "", ""), (silent.ExitCode, silent.Stdout.Trim(), silent.Stderr));
    }

    [Fact]
    public async Task Completion_OffersTheSnapshotNamesOfTheSourceProject_OnTheNamedCluster()
    {
        await AttachAsync(fixture.ClusterA);
        await SnapshotAsync(fixture.ClusterA, "complete-me");

        var names = await Suggest(fixture.Home, "dmscli thick-clone volume --src-cluster-id cluster-a --src-proj-name default --src-snap-name complete-");
        Assert.Equal(["complete-me"], names.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var noCluster = await Suggest(fixture.Home, "dmscli thick-clone volume --src-snap-name ");
        Assert.Equal((0, ""), (noCluster.ExitCode, noCluster.Stdout.Trim()));
    }

    private static Task<ChildProcess.Result> Suggest(string home, string line) => DmsCliFixture.RunAsync(home, $"[suggest:{line.Length}]", line);

    private async Task ImportKeyAsync(LbemuProcess cluster)
    {
        var pem = Path.Combine(fixture.Work, $"key-{Guid.NewGuid():N}.pem");
        var written = await fixture.RunAsync("get", "credential", "--pem-file", pem);
        Assert.True(written.ExitCode == 0, DmsCliFixture.Describe(written));
        await LbcliAsync(cluster, "create", "credential", "--project-name=system", "--type=rsa256pubkey", $"--id={fixture.Dms.PubKeyId}", pem);
    }
}
