using System.Text.Json;

namespace Dms.Cli.Tests;

[Collection(DmsCliTestGroup.Name)]
public sealed class WorkflowTests(DmsCliFixture fixture)
{
    private async Task<JsonElement> ListJsonAsync(params string[] args)
    {
        var result = await fixture.RunAsync(["list", "workflows", "-o", "json", .. args]);
        Assert.True(result.ExitCode == 0, DmsCliFixture.Describe(result));
        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    [Fact]
    public async Task ListWorkflows_PageSizeOne_NextPageFetchesTheOlderOne()
    {
        var older = await fixture.CompletedWorkflowAsync();
        var newer = await fixture.CompletedWorkflowAsync();

        var first = await ListJsonAsync("--page-size", "1");
        Assert.Equal(newer, first.GetProperty("workflows")[0].GetProperty("id").GetString());
        var token = first.GetProperty("nextPageToken").GetString()!;
        var second = await ListJsonAsync("--page-size", "1", "--next-page", token);
        Assert.Equal(older, second.GetProperty("workflows")[0].GetProperty("id").GetString());

        var table = await fixture.RunAsync("list", "workflows", "--page-size", "1");
        Assert.StartsWith("ID", table.Stdout, StringComparison.Ordinal);
        Assert.Contains(newer, table.Stdout, StringComparison.Ordinal);
        Assert.Contains("dmscli list workflows --next-page ", table.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListWorkflows_All_FetchesEveryPage()
    {
        await fixture.CompletedWorkflowAsync();
        await fixture.CompletedWorkflowAsync();

        var all = await ListJsonAsync("--all", "--page-size", "1");
        var onePage = await ListJsonAsync("--page-size", "250");
        Assert.Equal(onePage.GetProperty("workflows").GetArrayLength(), all.GetProperty("workflows").GetArrayLength());
        Assert.False(all.TryGetProperty("nextPageToken", out _));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("251")]
    [InlineData("ten")]
    public async Task ListWorkflows_PageSizeOutOfRange_IsAUsageError(string pageSize)
    {
        OneLine.AssertFailure(await fixture.RunAsync("list", "workflows", "--page-size", pageSize), 2, $"--page-size '{pageSize}' must be a whole number from 1 to 250");
    }

    [Fact]
    public async Task GetWorkflow_EveryFormat_ShowsStateAndProgress()
    {
        var id = await fixture.CompletedWorkflowAsync();

        var json = JsonDocument.Parse((await fixture.RunAsync("get", "workflow", "--id", id, "-o", "json")).Stdout).RootElement;
        Assert.Equal(id, json.GetProperty("id").GetString());
        Assert.Equal("COMPLETED", json.GetProperty("state").GetString());
        Assert.Equal("RefreshClusters", json.GetProperty("type").GetString());
        Assert.Equal(100, json.GetProperty("progress").GetProperty("percent").GetInt32());
        Assert.Contains("state: COMPLETED", (await fixture.RunAsync("get", "workflow", "--id", id, "-o", "yaml")).Stdout, StringComparison.Ordinal);
        Assert.Matches("state +COMPLETED", (await fixture.RunAsync("get", "workflow", "--id", id)).Stdout);
    }

    [Fact]
    public async Task GetWorkflowWatch_EndedWorkflow_PrintsItAndExits0()
    {
        var id = await fixture.CompletedWorkflowAsync();

        var watch = await fixture.RunAsync("get", "workflow", "--id", id, "--watch");
        Assert.True(watch.ExitCode == 0, DmsCliFixture.Describe(watch));
        Assert.Contains("COMPLETED  100%", watch.Stderr, StringComparison.Ordinal);
        Assert.Matches("state +COMPLETED", watch.Stdout);
    }

    [Fact]
    public async Task AttachWait_WorkflowFails_Exits7WithTheWorkflowsMessage()
    {
        // dms itself is no Lightbits cluster: the attach workflow fails.
        var dmsEndpoint = new Uri(fixture.Dms.BaseUrl).Authority;
        var attach = await fixture.RunAsync("attach", "cluster", $"--api-endpoint={dmsEndpoint}", "--wait", "--wait-timeout", "50s");

        Assert.True(attach.ExitCode == 7, DmsCliFixture.Describe(attach));
        Assert.Contains("FAILED", attach.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", attach.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetWorkflow_Unknown_Exits3()
    {
        OneLine.AssertFailure(await fixture.RunAsync("get", "workflow", "--id", Guid.NewGuid().ToString()), 3, "not found");
    }

    [Fact]
    public async Task GetAndCancelWorkflow_BadOrMissingId_AreUsageErrors()
    {
        OneLine.AssertFailure(await fixture.RunAsync("get", "workflow", "--id", "wf-1"), 2, "--id 'wf-1' is not a UUID");
        OneLine.AssertFailure(await fixture.RunAsync("get", "workflow"), 2, "--id");
        OneLine.AssertFailure(await fixture.RunAsync("cancel", "workflow", "--wid", "12"), 2, "--wid '12' is not a UUID");
    }

    [Fact]
    public async Task CancelWorkflow_Ended_Exits5NamingItsState()
    {
        var id = await fixture.CompletedWorkflowAsync();

        OneLine.AssertFailure(await fixture.RunAsync("cancel", "workflow", "--wid", id), 5, "COMPLETED");
    }
}
