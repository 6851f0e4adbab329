using System.Text.Json;
using Lightbits.Emulator.Testing;

namespace Dms.Cli.Tests.Views;

/// <summary>
/// What a test needs to thick-clone for real: both lbemu clusters attached and a 4 GiB snapshot
/// (snap1) on cluster A. Made on first use and checked on every use, since the cluster tests of the
/// same collection detach cluster A as they go.
/// </summary>
internal static class CloneSource
{
    /// <summary>The arguments of a thick clone of snap1 from cluster A to cluster B, once both are attached.</summary>
    public static async Task<string[]> CloneArgsAsync(DmsCliFixture cli, string noun, string name)
    {
        var attached = (await cli.RunAsync("list", "clusters", "-o", "name")).Stdout;
        foreach (var cluster in new[] { cli.ClusterA, cli.ClusterB }.Where(c => !attached.Contains(c.ClusterUuid, StringComparison.Ordinal)))
        {
            var attach = await cli.RunAsync("attach", "cluster", $"--api-endpoint={cluster.ApiEndpoints[0]}", "--wait", "--wait-timeout", "60s");
            Assert.True(attach.ExitCode == 0, DmsCliFixture.Describe(attach));
        }

        return
        [
            "thick-clone", noun, "--src-cluster-id", cli.ClusterA.ClusterUuid, "--src-proj-name", "default", "--src-snap-id", await SnapshotAsync(cli),
            "--dst-cluster-id", cli.ClusterB.ClusterUuid, "--dst-name", name,
        ];
    }

    private static async Task<string> SnapshotAsync(DmsCliFixture cli)
    {
        var existing = await ChildProcess.RunAsync("lbcli", ["--data-dir", cli.ClusterA.DataDir, "get", "snapshot", "--name=snap1", "-o", "json"]);
        if (existing.ExitCode != 0)
        {
            await LbcliAsync(cli, "create", "volume", "--name=vol1", "--size=4 GiB", "--acl=ALLOW_NONE", "--replica-count=1");
            existing = await ChildProcess.RunAsync("lbcli", ["--data-dir", cli.ClusterA.DataDir, "create", "snapshot", "--name=snap1", "--source-volume-name=vol1", "-o", "json"]);
        }

        Assert.True(existing.ExitCode == 0, existing.Stderr);
        return JsonDocument.Parse(existing.Stdout).RootElement.GetProperty("UUID").GetString()!;
    }

    private static async Task LbcliAsync(DmsCliFixture cli, params string[] args)
    {
        var result = await ChildProcess.RunAsync("lbcli", ["--data-dir", cli.ClusterA.DataDir, .. args]);
        Assert.True(result.ExitCode == 0, result.Stderr);
    }
}
