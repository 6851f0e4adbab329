using Lightbits.Emulator.Testing;

namespace Dms.EndToEnd;

/// <summary>docs/operations.md "Rotate the cluster key", command by command, with real dms, dmscli, lbcli and lbemu processes.</summary>
public sealed class KeyRotationProcedureTests
{
    [Fact]
    public async Task RotateTheClusterKey_AsDocumented_RefusesUntilEveryClusterHasTheNextKey_AndLeavesBothClustersConnected()
    {
        await using var op = await Operator.StartAsync();
        await op.LoginAsync();
        var oldId = await op.ImportServiceCredentialAsync();
        await op.AttachAsync(op.ClusterA);
        await op.AttachAsync(op.ClusterB);

        // 1. sudo -u dms dms cluster-key new --config-dir /etc/dms
        var created = await ChildProcess.RunAsync("dms", ["cluster-key", "new", "--config-dir", op.Dms.ConfigDir]);
        Assert.True(created.ExitCode == 0, created.Stderr);

        // 2. dmscli get credential --next --pem-file dms-NEXT.pem; lbcli create credential … (cluster A only, first)
        var next = Operator.Json(await op.DmscliAsync("get", "credential", "-o", "json")).GetProperty("next");
        var nextId = next.GetProperty("pubKeyId").GetString()!;
        var pem = Path.Combine(op.Work, $"{nextId}.pem");
        await op.DmscliAsync("get", "credential", "--next", "--pem-file", pem);
        await Operator.LbcliAsync(op.ClusterA, "create", "credential", "--project-name=system", "--type=rsa256pubkey", $"--id={nextId}", pem);

        // 3. dmscli promote credential: refused naming cluster B and what to run there
        var refused = await ChildProcess.RunAsync("dmscli", ["promote", "credential"], environment: new Dictionary<string, string> { ["HOME"] = op.Home });
        Assert.True(refused.ExitCode != 0, refused.Stdout);
        Assert.Contains($"cluster {op.ClusterB.ClusterUuid}", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain($"cluster {op.ClusterA.ClusterUuid}", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains($"lbcli create credential --project-name=system --type=rsa256pubkey --id={nextId}", refused.Stderr, StringComparison.Ordinal);

        await Operator.LbcliAsync(op.ClusterB, "create", "credential", "--project-name=system", "--type=rsa256pubkey", $"--id={nextId}", pem);
        var promoted = await op.DmscliAsync("promote", "credential");
        Assert.Contains($"DMS now signs with {nextId}", promoted.Stdout, StringComparison.Ordinal);

        // 4. lbcli delete credential --project-name=system --id=dms-OLD on both; dmscli refresh clusters --wait; dmscli list clusters
        foreach (var cluster in new[] { op.ClusterA, op.ClusterB })
        {
            await Operator.LbcliAsync(cluster, "delete", "credential", "--project-name=system", $"--id={oldId}");
        }

        await op.DmscliAsync("refresh", "clusters", "--wait");
        var clusters = Operator.Json(await op.DmscliAsync("list", "clusters", "-o", "json")).GetProperty("clusters").EnumerateArray().ToList();
        Assert.Equal(2, clusters.Count);
        Assert.All(clusters, c => Assert.Equal("Connected", c.GetProperty("clusterConnectionStatus").GetProperty("accessConnectionStatus").GetString()));
        await op.AssertNoUnknownFieldsSentAsync();
    }
}
