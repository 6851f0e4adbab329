using System.Text.Json;

namespace Dms.Cli.Tests;

[Collection(DmsCliTestGroup.Name)]
public sealed class ClusterTests(DmsCliFixture fixture)
{
    [Fact]
    public async Task AttachWaitListDetach_EveryFormat_ShowsTheClusterThenForgetsIt()
    {
        var attach = await fixture.RunAsync("attach", "cluster", $"--api-endpoint={fixture.ClusterA.ApiEndpoints[0]}", "--wait", "-o", "json");
        Assert.True(attach.ExitCode == 0, DmsCliFixture.Describe(attach));
        var workflowId = JsonDocument.Parse(attach.Stdout).RootElement.GetProperty("id").GetString();
        Assert.True(Guid.TryParse(workflowId, out _));
        Assert.Contains("COMPLETED", attach.Stderr, StringComparison.Ordinal); // plain progress lines: stderr is not a terminal

        var json = JsonDocument.Parse((await fixture.RunAsync("list", "clusters", "-o", "json")).Stdout).RootElement;
        var cluster = json.GetProperty("clusters").EnumerateArray().Single(c => c.GetProperty("id").GetString() == fixture.ClusterA.ClusterUuid);
        Assert.Equal("cluster-a", cluster.GetProperty("name").GetString());
        Assert.Equal("Connected", cluster.GetProperty("clusterConnectionStatus").GetProperty("accessConnectionStatus").GetString());

        var table = await fixture.RunAsync("list", "clusters");
        Assert.StartsWith("ID", table.Stdout, StringComparison.Ordinal);
        Assert.Contains(fixture.ClusterA.ClusterUuid, table.Stdout, StringComparison.Ordinal);
        var wide = (await fixture.RunAsync("list", "clusters", "-o", "wide")).Stdout.Split('\n');
        var row = wide.Single(l => l.StartsWith(fixture.ClusterA.ClusterUuid, StringComparison.Ordinal));
        Assert.Contains(fixture.ClusterA.ApiEndpoints[0], row, StringComparison.Ordinal);
        // The changed-blocks self-check ran at attach: lbemu's default encoding verified, and a clone's snapshot lists what the clone inherited.
        Assert.Matches("Changed blocks +Inherited listed *$", wide[0]);
        Assert.Matches(" verified +yes *$", row);
        Assert.Contains($"- id: {fixture.ClusterA.ClusterUuid}", (await fixture.RunAsync("list", "clusters", "-o", "yaml")).Stdout, StringComparison.Ordinal);

        var detach = await fixture.RunAsync("detach", "cluster", "--cluster-id", fixture.ClusterA.ClusterUuid);
        Assert.True(detach.ExitCode == 0, DmsCliFixture.Describe(detach));
        Assert.DoesNotContain(fixture.ClusterA.ClusterUuid, (await fixture.RunAsync("list", "clusters")).Stdout, StringComparison.Ordinal);
        OneLine.AssertFailure(await fixture.RunAsync("detach", "cluster", "--cluster-id", fixture.ClusterA.ClusterUuid), 3, "not attached");
    }

    [Fact]
    public async Task AttachWithTlsFingerprint_PinsIt_AndWideListShowsIt_AWrongOneSendsNothingAndFails()
    {
        var endpoint = $"--api-endpoint={fixture.ClusterB.ApiEndpoints[0]}";
        var wrong = await fixture.RunAsync("attach", "cluster", endpoint, "--tls-fingerprint", "sha256:" + new string('0', 64), "--wait");
        Assert.True(wrong.ExitCode == 7, DmsCliFixture.Describe(wrong));
        Assert.True(wrong.Stderr.Contains("not the tlsFingerprint given", StringComparison.Ordinal), wrong.Stderr);

        var pinned = await fixture.RunAsync("attach", "cluster", endpoint, "--tls-fingerprint", "sha256:" + fixture.ClusterB.TlsCertSha256, "--wait");
        Assert.True(pinned.ExitCode == 0, DmsCliFixture.Describe(pinned));

        var wide = (await fixture.RunAsync("list", "clusters", "-o", "wide")).Stdout;
        var row = wide.Split('\n').Single(l => l.StartsWith(fixture.ClusterB.ClusterUuid, StringComparison.Ordinal));
        Assert.Contains("pinned", row, StringComparison.Ordinal);
        Assert.Contains("sha256:" + fixture.ClusterB.TlsCertSha256, row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttachWithBothAnchors_OrAnUnreadableCaFile_IsAUsageError()
    {
        var endpoint = $"--api-endpoint={fixture.ClusterB.ApiEndpoints[0]}";
        OneLine.AssertFailure(await fixture.RunAsync("attach", "cluster", endpoint, "--cluster-ca-cert", "/nonexistent/ca.pem"), 2, "--cluster-ca-cert /nonexistent/ca.pem");
        OneLine.AssertFailure(await fixture.RunAsync("attach", "cluster", endpoint, "--tls-fingerprint", "sha256:zz"), 2, "tlsFingerprint 'sha256:zz'");
    }

    [Fact]
    public async Task AttachWithoutWait_PrintsTheWorkflowIdAndHowToFollowIt()
    {
        var attach = await fixture.RunAsync("attach", "cluster", $"--api-endpoint={fixture.ClusterB.ApiEndpoints[0]}");

        Assert.True(attach.ExitCode == 0, DmsCliFixture.Describe(attach));
        Assert.Matches("^Field +Value\nworkflowId +([0-9a-f-]{36})\nfollow it with: dmscli get workflow --id \\1 --watch\n$", attach.Stdout);
        Assert.Equal("", attach.Stderr);
    }

    [Fact]
    public async Task RefreshClustersWait_EndsCompleted()
    {
        var refresh = await fixture.RunAsync("refresh", "clusters", "--wait", "-o", "yaml");

        Assert.True(refresh.ExitCode == 0, DmsCliFixture.Describe(refresh));
        // Waited on, the YAML is the workflow as it ended, not the id printed before waiting.
        Assert.StartsWith("id: ", refresh.Stdout, StringComparison.Ordinal);
        Assert.Contains("\nstate: COMPLETED\n", refresh.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttachCluster_MissingEndpoint_IsAUsageError()
    {
        OneLine.AssertFailure(await fixture.RunAsync("attach", "cluster"), 2, "--api-endpoint");
    }

    [Fact]
    public async Task AttachCluster_EndpointDmsRefuses_PrintsTheServersMessageAsAUsageError()
    {
        OneLine.AssertFailure(await fixture.RunAsync("attach", "cluster", "--api-endpoint=not an endpoint"), 2, "apiEndpoint");
    }

    [Fact]
    public async Task DetachCluster_BadUuid_IsAUsageErrorNamingTheFlag()
    {
        OneLine.AssertFailure(await fixture.RunAsync("detach", "cluster", "--cluster-id", "4cb2e0bf"), 2, "--cluster-id '4cb2e0bf' is not a UUID");
    }
}
