namespace Dms.EndToEnd;

/// <summary>The public "Working With DMS" guide, command by command, each output checked.</summary>
public sealed class GuideProcedureTests
{
    [Fact]
    public async Task Guide_LoginCredentialImportAttachListWorkflowsDetach_EachStepDoesWhatTheGuideSays()
    {
        await using var op = await Operator.StartAsync();
        await op.LoginAsync();
        await op.ImportServiceCredentialAsync();
        var attachA = await op.AttachAsync(op.ClusterA);
        var attachB = await op.AttachAsync(op.ClusterB);

        // "adding a cluster entry to the /etc/dms/clusters.yaml file"
        var clustersYaml = await File.ReadAllTextAsync(Path.Combine(op.Dms.ConfigDir, "clusters.yaml"));
        Assert.Contains($"- uuid: {op.ClusterA.ClusterUuid}", clustersYaml, StringComparison.Ordinal);
        Assert.Contains($"- uuid: {op.ClusterB.ClusterUuid}", clustersYaml, StringComparison.Ordinal);

        // dmscli list clusters
        var clusters = (await op.DmscliAsync("list", "clusters")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ID", clusters[0], StringComparison.Ordinal);
        Assert.Contains(clusters, line => line.StartsWith(op.ClusterA.ClusterUuid, StringComparison.Ordinal) && line.Contains("cluster-a", StringComparison.Ordinal) && line.Contains("Connected", StringComparison.Ordinal));
        Assert.Contains(clusters, line => line.StartsWith(op.ClusterB.ClusterUuid, StringComparison.Ordinal) && line.Contains("cluster-b", StringComparison.Ordinal));

        // dmscli list workflows: newest first
        var workflows = (await op.DmscliAsync("list", "workflows")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches($"^{attachB} +attach +COMPLETED +100%", workflows[1]);
        Assert.Matches($"^{attachA} +attach +COMPLETED +100%", workflows[2]);

        // dmscli get workflow --id <wid>
        var workflow = Operator.Json(await op.DmscliAsync("get", "workflow", "--id", attachA, "-o", "json"));
        Assert.Equal(op.ClusterA.ApiEndpoints[0], workflow.GetProperty("attachClusterRequest").GetProperty("apiEndpoint").GetString());

        // dmscli detach cluster --cluster-id <uuid>
        await op.DmscliAsync("detach", "cluster", "--cluster-id", op.ClusterA.ClusterUuid);
        var remaining = (await op.DmscliAsync("list", "clusters")).Stdout;
        Assert.DoesNotContain(op.ClusterA.ClusterUuid, remaining, StringComparison.Ordinal);
        Assert.Contains(op.ClusterB.ClusterUuid, remaining, StringComparison.Ordinal);
        Assert.DoesNotContain(op.ClusterA.ClusterUuid, await File.ReadAllTextAsync(Path.Combine(op.Dms.ConfigDir, "clusters.yaml")), StringComparison.Ordinal);
        await op.AssertNoUnknownFieldsSentAsync();
    }

    [Fact]
    public async Task Guide_ThickCloneVolumeAndSnapshotToClusterB_CopiesAreVerifiedAndListed()
    {
        await using var op = await Operator.StartAsync();
        await op.LoginAsync();
        await op.ImportServiceCredentialAsync();
        await op.AttachAsync(op.ClusterA);
        await op.AttachAsync(op.ClusterB);
        await Operator.LbcliAsync(op.ClusterA, "create", "volume", "--name=vol1", "--size=1 GiB", "--acl=ALLOW_NONE", "--replica-count=1");
        var snapshot = Operator.Json(await Operator.LbcliAsync(op.ClusterA, "create", "snapshot", "--name=snap1", "--source-volume-name=vol1", "-o", "json"));
        var snapId = snapshot.GetProperty("UUID").GetString()!;

        foreach (var (noun, name) in new[] { ("volume", "volume-001"), ("snapshot", "snap-001") })
        {
            // dmscli thick-clone volume|snapshot --src-… --dst-… [--replica-count 2] [--size 10gib], waited on, read back by DMS
            var clone = await op.DmscliAsync("thick-clone", noun, "--src-cluster-id", op.ClusterA.ClusterUuid, "--src-proj-name", "default", "--src-snap-id", snapId,
                "--dst-cluster-id", op.ClusterB.ClusterUuid, "--dst-proj-name", "default", "--dst-name", name, "--replica-count", "2", "--size", "2gib",
                "--verify", "--wait", "-o", "json");
            var workflowId = Operator.Json(clone).GetProperty("id").GetString()!;
            Assert.Contains("COMPLETED", clone.Stderr, StringComparison.Ordinal);

            var workflow = Operator.Json(await op.DmscliAsync("get", "workflow", "--id", workflowId, "-o", "json"));
            Assert.Equal(noun == "volume" ? "ThickCloneVolume" : "ThickCloneSnapshot", workflow.GetProperty("type").GetString());
            Assert.Contains(name, (await Operator.LbcliAsync(op.ClusterB, "list", noun == "volume" ? "volumes" : "snapshots")).Stdout, StringComparison.Ordinal);
        }
        await op.AssertNoUnknownFieldsSentAsync();
    }
}
