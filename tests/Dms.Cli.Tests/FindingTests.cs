using System.Net;
using System.Text.Json;
using Dms.Testing;

namespace Dms.Cli.Tests;

/// <summary>Issue 16 findings 4, 6, 9 and 13, each with the command the operator typed, against a real dms.</summary>
[Collection(DmsCliTestGroup.Name)]
public sealed class FindingTests(DmsCliFixture fixture)
{
    [Theory]
    [InlineData("list", "cluster")]
    [InlineData("list", "workflow")]
    [InlineData("get", "credentials")]
    public async Task Finding4_SingularAndPluralNouns_BothWork(string verb, string noun)
    {
        var result = await fixture.RunAsync(verb, noun);

        Assert.True(result.ExitCode == 0, DmsCliFixture.Describe(result));
    }

    [Fact]
    public async Task Finding6_WorkflowId_AsIdWidOrPositional_InGetAndCancel()
    {
        var id = await fixture.CompletedWorkflowAsync();

        foreach (var args in new[] { new[] { "get", "workflow", id }, ["get", "workflow", "--id", id], ["get", "workflow", "--wid", id] })
        {
            var result = await fixture.RunAsync([.. args, "-o", "json"]);
            Assert.True(result.ExitCode == 0, DmsCliFixture.Describe(result));
            Assert.Equal(id, JsonDocument.Parse(result.Stdout).RootElement.GetProperty("id").GetString());
        }

        OneLine.AssertFailure(await fixture.RunAsync("cancel", "workflow", id), 5, "COMPLETED");
        OneLine.AssertFailure(await fixture.RunAsync("cancel", "workflow", "--id", id), 5, "COMPLETED");
        OneLine.AssertFailure(await fixture.RunAsync("detach", "cluster", Guid.NewGuid().ToString()), 3, "not attached");
    }

    [Fact]
    public async Task Finding9_CancelOfACanceledWorkflow_Exits0SayingSo()
    {
        // Nothing listens on port 1: the attach keeps retrying its connection until canceled.
        var attach = await fixture.RunAsync("attach", "cluster", "--api-endpoint=127.0.0.1:1", "-o", "json");
        Assert.True(attach.ExitCode == 0, DmsCliFixture.Describe(attach));
        var id = JsonDocument.Parse(attach.Stdout).RootElement.GetProperty("workflowId").GetString()!;

        var first = await fixture.RunAsync("cancel", "workflow", "--wid", id);
        Assert.True(first.ExitCode == 0, DmsCliFixture.Describe(first));
        var watched = await fixture.RunAsync("get", "workflow", "--id", id, "--watch");
        Assert.True(watched.ExitCode == 7, DmsCliFixture.Describe(watched)); // CANCELED: the watched workflow did not complete

        var again = await fixture.RunAsync("cancel", "workflow", "--wid", id);
        Assert.True(again.ExitCode == 0, DmsCliFixture.Describe(again));
        Assert.Contains($"Workflow {id} is already canceled", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finding9_ThickCloneOfANonexistentClusterSnapshotOrProject_Exits3LikeGet()
    {
        var attach = await fixture.RunAsync("attach", "cluster", $"--api-endpoint={fixture.ClusterB.ApiEndpoints[0]}", "--wait");
        Assert.True(attach.ExitCode == 0, DmsCliFixture.Describe(attach));
        var cluster = fixture.ClusterB.ClusterUuid;
        string[] Clone(string snapshot, string project) =>
            ["thick-clone", "volume", "--src-cluster-id", cluster, "--src-proj-name", project, "--src-snap-id", snapshot, "--dst-cluster-id", cluster, "--dst-name", "v-nf"];

        OneLine.AssertFailure(await fixture.RunAsync(Clone(Guid.NewGuid().ToString(), "default")), 3, "is not a snapshot of project 'default'");
        OneLine.AssertFailure(await fixture.RunAsync("thick-clone", "volume", "--src-cluster-id", cluster, "--src-proj-name", "default", "--src-snap-id", Guid.NewGuid().ToString(),
            "--dst-cluster-id", Guid.NewGuid().ToString(), "--dst-name", "v-nf"), 3, "is not an attached cluster (see dmscli list clusters)");
    }

    [Fact]
    public async Task Finding13_ServerErrors_NameTheDmscliCommand_NotTheRoute()
    {
        var result = await fixture.RunAsync("thick-clone", "volume", "--src-cluster-id", Guid.NewGuid().ToString(), "--src-proj-name", "default",
            "--src-snap-id", Guid.NewGuid().ToString(), "--dst-cluster-id", Guid.NewGuid().ToString(), "--dst-name", "v");

        OneLine.AssertFailure(result, 3, "(see dmscli list clusters)");
        Assert.DoesNotContain("/api/v1", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finding13_Attach_PrintsTheCommandThatFollowsIt()
    {
        var attach = await fixture.RunAsync("attach", "cluster", "--api-endpoint=127.0.0.1:1");
        Assert.True(attach.ExitCode == 0, DmsCliFixture.Describe(attach));
        var id = attach.Stdout.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).First(w => w is ["workflowId", _])[1];

        Assert.Contains($"follow it with: dmscli get workflow --id {id} --watch", attach.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await fixture.RunAsync("cancel", "workflow", id)).ExitCode);
    }

    [Fact]
    public async Task Finding13_AttachFailure_NamesTheClusterByItsEndpoint()
    {
        // A cluster that never got DMS's key: the attach fails for good on its first request.
        await using var stranger = await LbemuProcess.StartAsync(Path.Combine(fixture.Work, "cluster-stranger"), "cluster-stranger");
        var endpoint = stranger.ApiEndpoints[0];

        var attach = await fixture.RunAsync("attach", "cluster", $"--api-endpoint={endpoint}", "--wait");

        Assert.True(attach.ExitCode == 7, DmsCliFixture.Describe(attach));
        Assert.Contains($"(cluster at {endpoint})", attach.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("destination cluster", attach.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finding13_LoginHint_CarriesTheCaCertThatWorks()
    {
        var home = fixture.HomeWithConfig($"base-url: {fixture.Dms.BaseUrl}\nca-cert: {fixture.Dms.TlsCertPath}\n");

        var result = await DmsCliFixture.RunAsync(home, "list", "clusters");

        OneLine.AssertFailure(result, 4, $"run dmscli login --username=<user> --base-url={fixture.Dms.BaseUrl} --ca-cert={fixture.Dms.TlsCertPath}");
        var hint = result.Stderr[result.Stderr.IndexOf("dmscli login", StringComparison.Ordinal)..].Trim().Split(' ')[3..];
        var login = await DmsCliFixture.RunAsync(home, ["login", $"--username={DmsProcess.User}", $"--password={DmsProcess.Password}", .. hint]);
        Assert.True(login.ExitCode == 0, DmsCliFixture.Describe(login));
    }

    [Fact]
    public async Task Finding13_ExpiredToken_SaysWhenItExpired()
    {
        var home = fixture.HomeWithConfig($"base-url: {fixture.Dms.BaseUrl}\nca-cert: {fixture.Dms.TlsCertPath}\nauth:\n  idToken: {ExitCodeContractTests.ExpiredJwt(ExitCodeContractTests.ExpiredAt)}\n");

        OneLine.AssertFailure(await DmsCliFixture.RunAsync(home, "list", "clusters"), 4, "your login expired at 2026-01-02 03:04:05 UTC");
    }

    [Fact]
    public async Task Finding13_HttpToTheHttpsPort_SaysDmsServesHttps()
    {
        var https = new Uri(fixture.Dms.BaseUrl);
        var result = await fixture.RunAsync("list", "clusters", $"--base-url=http://{https.Authority}", "--allow-http");

        OneLine.AssertFailure(result, 2, $"dms serves HTTPS; use --base-url=https://{https.Authority} with --ca-cert");
    }

    [Fact]
    public async Task Version_ShowsClientAndServer_AndJson()
    {
        var table = await fixture.RunAsync("version");
        Assert.True(table.ExitCode == 0, DmsCliFixture.Describe(table));
        Assert.Matches(@"^Client Version: \S+\nServer Version: \S+ \(API v1\)\n$", table.Stdout);

        var json = JsonDocument.Parse((await fixture.RunAsync("version", "-o", "json")).Stdout).RootElement;
        Assert.False(string.IsNullOrEmpty(json.GetProperty("clientVersion").GetString()));
        Assert.Equal("v1", json.GetProperty("serverVersion").GetProperty("apiVersion").GetString());
    }

    [Fact]
    public async Task VersionEndpoint_RefusesAnonymousCallers()
    {
        using var http = fixture.Dms.Http();
        using var response = await http.GetAsync("/api/v1/version");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
