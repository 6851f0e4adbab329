using System.Text.Json;
using Dms.Service.Tests.TestSupport;
using Dms.Contracts.Workflows;
using Dms.Workflows;

namespace Dms.Service.Tests.Api;

public sealed class WorkflowPagingTests
{
    [Fact]
    public async Task List_1000Workflows_AllPagesNewestFirst_NoDuplicatesOrGaps_WhileOthersAreInserted()
    {
        await using var dms = await DmsTestHost.StartAsync(s => s with { MaxConcurrentWorkflows = 1 });
        var existing = new List<Guid>();
        for (var i = 0; i < 1000; i++)
        {
            existing.Add((await dms.Workflows.CreateAsync(new NewWorkflow("PagingTest", "{}", []))).Id);
        }

        var http = await dms.AuthorizedAsync();
        var seen = new List<Guid>();
        string? token = null;
        var pages = 0;
        do
        {
            var body = await Json.ReadAsync(await http.GetAsync($"/api/v1/workflows?pageSize=250{(token is null ? "" : "&nextPageToken=" + Uri.EscapeDataString(token))}"));
            seen.AddRange(body.GetProperty("workflows").EnumerateArray().Select(w => Guid.Parse(w.GetProperty("id").GetString()!)));
            token = body.TryGetProperty("nextPageToken", out var next) ? next.GetString() : null;
            pages++;
            // Newer workflows arrive between pages; they belong before page 1 and must not shift later pages.
            await dms.Workflows.CreateAsync(new NewWorkflow("PagingTest", "{}", []));
        }
        while (token is not null);

        existing.Reverse();
        Assert.Equal(existing, seen);
        Assert.Equal(4, pages);
    }

    [Fact]
    public async Task List_DefaultPage_Is100_AndOmitsAbsentFields()
    {
        await using var dms = await DmsTestHost.StartAsync();
        for (var i = 0; i < 101; i++)
        {
            await dms.Workflows.CreateAsync(new NewWorkflow("PagingTest", "{}", []));
        }

        var body = await Json.ReadAsync(await (await dms.AuthorizedAsync()).GetAsync("/api/v1/workflows"));

        Assert.Equal(100, body.GetProperty("workflows").GetArrayLength());
        Assert.Equal(JsonValueKind.String, body.GetProperty("nextPageToken").ValueKind);
        var first = body.GetProperty("workflows")[0];
        Assert.DoesNotContain(first.EnumerateObject(), p => p.Value.ValueKind == JsonValueKind.Null);
        Assert.Equal(JsonValueKind.Object, first.GetProperty("progress").ValueKind);
    }

    [Fact]
    public async Task List_ByStateAndType_CommaSeparatedOrRepeated_AnyCase()
    {
        await using var dms = await DmsTestHost.StartAsync();
        var volumeClones = new List<string>();
        var snapshotClones = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            // An empty request fails at once: these end FAILED, which is all the filter needs.
            volumeClones.Insert(0, (await dms.Workflows.CreateAsync(new NewWorkflow(WorkflowTypes.ThickCloneVolume, "{}", []))).Id.ToString());
            snapshotClones.Insert(0, (await dms.Workflows.CreateAsync(new NewWorkflow(WorkflowTypes.ThickCloneSnapshot, "{}", []))).Id.ToString());
        }

        var http = await dms.AuthorizedAsync();
        async Task<List<string>> IdsAsync(string query) =>
            [.. (await Json.ReadAsync(await http.GetAsync("/api/v1/workflows?" + query))).GetProperty("workflows").EnumerateArray().Select(w => w.GetProperty("id").GetString()!)];
        for (var wait = 0; (await IdsAsync("state=FAILED")).Count < 6 && wait < 300; wait++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(volumeClones, await IdsAsync("type=thickclonevolume&state=failed,running"));
        Assert.Equal(snapshotClones, await IdsAsync("type=ThickCloneSnapshot&state=PENDING&state=FAILED"));
        Assert.Empty(await IdsAsync("state=CANCELED,COMPLETED"));
        Assert.Equal(6, (await IdsAsync("state=&type=")).Count);
    }
}
