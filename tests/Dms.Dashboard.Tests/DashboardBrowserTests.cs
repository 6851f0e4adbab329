using System.Text.Json;
using System.Text.RegularExpressions;
using Dms.Contracts.Workflows;
using Dms.Testing;
using Dms.Workflows.Model;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Dms.Dashboard.Tests;

/// <summary>
/// The dashboard as an operator uses it, in headless chromium against the real dms process:
/// log in, see the clusters, watch clones, cancel one, filter. A screenshot of each page is
/// saved under <see cref="DashboardRig.ArtifactsDir"/>.
/// </summary>
[Collection(DashboardSuite.Name)]
public sealed partial class DashboardBrowserTests(DashboardRig rig, ITestOutputHelper output)
{
    /// <summary>A whole throttled clone on the shared test machine; Playwright polls until then.</summary>
    private static readonly LocatorAssertionsToHaveTextOptions WholeClone = new() { Timeout = 120_000 };

    [SkippableFact]
    public async Task Login_WrongPasswordShowsTheApiMessage_ThenBothClustersShow_NamesAsText()
    {
        rig.RequireBrowser();
        var page = await rig.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Text);
        await page.GotoAsync(rig.Dms.BaseUrl + "/ui/#/clusters");
        await Expect(page.Locator("form.login")).ToBeVisibleAsync();
        await Expect(page.Locator("#clusters")).ToHaveCountAsync(0);

        await page.FillAsync("#username", DmsProcess.User);
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("form.login button[type=submit]");
        await Expect(page.Locator("#error")).ToHaveTextAsync("invalid username or password");
        await SaveAsync(page, "login");

        await page.FillAsync("#password", DmsProcess.Password);
        await page.ClickAsync("form.login button[type=submit]");
        // Back to the page asked for before logging in.
        var rows = page.Locator("#clusters tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        var clusters = JsonDocument.Parse(await rig.Api.GetStringAsync("/api/v1/clusters")).RootElement.GetProperty("clusters");
        foreach (var cluster in clusters.EnumerateArray())
        {
            var row = page.Locator($"#clusters tr[data-cluster-id='{cluster.GetProperty("id").GetString()}']");
            var status = cluster.GetProperty("clusterConnectionStatus");
            await Expect(row.Locator("td.name")).ToHaveTextAsync(cluster.GetProperty("name").GetString()!);
            await Expect(row.Locator("td.access")).ToHaveTextAsync(status.GetProperty("accessConnectionStatus").GetString()!);
            await Expect(row.Locator("td.data")).ToHaveTextAsync(status.GetProperty("dataConnectionStatus").GetString()!);
        }

        // The hostile name is text: no element was made from it and its handler never ran.
        await Expect(page.Locator("#clusters td.name", new() { HasText = DashboardRig.HostileName })).ToHaveCountAsync(1);
        await Expect(page.Locator("#clusters img")).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__dmsXss === undefined"));
        await SaveAsync(page, "clusters");

        // The token is in this tab's sessionStorage only, and never in the address.
        Assert.True(await page.EvaluateAsync<bool>("() => sessionStorage.getItem('dms.session').includes('idToken') && localStorage.length === 0"));
        Assert.DoesNotContain("ey", new Uri(page.Url).Fragment, StringComparison.Ordinal);
        // Everything the pages did fitted the policy (chromium reports each refusal on the console).
        Assert.DoesNotContain(console, m => m.Contains("Content Security Policy", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Clones_OneRunsTo100PercentAndCompleted_AnotherIsCanceledAfterConfirmation()
    {
        rig.RequireBrowser();
        var page = await LoggedInPageAsync();
        var small = await rig.StartCloneAsync("dash-done", dataMib: 2);
        var large = await rig.StartCloneAsync("dash-cancel", dataMib: 32);
        await page.GotoAsync(rig.Dms.BaseUrl + "/ui/#/workflows");

        var done = Row(page, small);
        await Expect(done.Locator(".state")).ToHaveTextAsync("COMPLETED", WholeClone);
        await Expect(done.Locator("progress")).ToHaveAttributeAsync("value", "100");

        // While it copies: bytes done of total in binary units, the rate, and the ETA as a duration.
        var running = Row(page, large);
        await Expect(running.Locator(".detail")).ToHaveTextAsync(RunningDetail(), WholeClone);
        await SaveAsync(page, "workflows");

        // The dialog guards the cancel: declining leaves the clone running.
        await running.Locator("button.cancel").ClickAsync();
        await Expect(page.Locator("#confirm")).ToBeVisibleAsync();
        await Expect(page.Locator("#confirm-text")).ToContainTextAsync(large.ToString());
        await SaveAsync(page, "cancel-dialog");
        await page.ClickAsync("#confirm-no");
        await Expect(page.Locator("#confirm")).ToBeHiddenAsync();
        Assert.Equal("RUNNING", (await ApiWorkflows.UntilAsync(rig.Api, large, _ => true, "is readable")).GetProperty("state").GetString());

        await running.Locator("button.cancel").ClickAsync();
        await page.ClickAsync("#confirm-yes");
        await Expect(running.Locator(".state")).ToHaveTextAsync(new Regex("^CANCEL(ING|ED)$"));
        await Expect(running.Locator(".state")).ToHaveTextAsync("CANCELED", WholeClone);

        // Its own page: the request it was given, the reason it ended, no more cancel.
        await running.Locator("a").ClickAsync();
        await Expect(page.Locator("dd[data-field=state]")).ToHaveTextAsync("CANCELED");
        await Expect(page.Locator("pre")).ToContainTextAsync("\"name\": \"dash-cancel\"");
        await Expect(page.Locator("button.cancel")).ToHaveCountAsync(0);
        await SaveAsync(page, "workflow-canceled");

        await page.GotoAsync(rig.Dms.BaseUrl + $"/ui/#/workflows/{small}");
        await Expect(page.Locator("dd[data-field=state]")).ToHaveTextAsync("COMPLETED");
        await Expect(page.Locator("h2", new() { HasText = "Result" })).ToBeVisibleAsync();
        await SaveAsync(page, "workflow-completed");
    }

    [SkippableFact]
    public async Task Filters_ByStateAndType_ShowWhatTheApiListsForThem()
    {
        rig.RequireBrowser();
        var page = await LoggedInPageAsync();
        await page.GotoAsync(rig.Dms.BaseUrl + "/ui/#/workflows");
        var rows = page.Locator("#workflows tbody tr[data-workflow-id]");

        await page.CheckAsync("#filter-type input[value=AttachCluster]");
        await Expect(rows).ToHaveCountAsync(await CountAsync("type=AttachCluster"));
        await Expect(page.Locator("#workflows tbody tr[data-workflow-id]:not([data-type=AttachCluster])")).ToHaveCountAsync(0);

        await page.CheckAsync("#filter-state input[value=FAILED]");
        await Expect(page.Locator("#workflows tbody td.empty")).ToHaveTextAsync("No workflow matches.");

        await page.UncheckAsync("#filter-type input[value=AttachCluster]");
        await page.UncheckAsync("#filter-state input[value=FAILED]");
        await page.CheckAsync("#filter-state input[value=COMPLETED]");
        await Expect(rows).ToHaveCountAsync(await CountAsync("state=COMPLETED"));
        await Expect(page.Locator("#workflows tbody tr[data-workflow-id]:not([data-state=COMPLETED])")).ToHaveCountAsync(0);
        await SaveAsync(page, "workflows-filtered");
    }

    [SkippableFact]
    public async Task Formats_AreBinaryUnits_AndDurationsLike3m20s()
    {
        rig.RequireBrowser();
        var page = await rig.NewPageAsync();
        await page.GotoAsync(rig.Dms.BaseUrl + "/ui/");
        var formatted = await page.EvaluateAsync<string[]>("""
            async () => {
              const f = await import('/ui/js/format.js');
              return [f.duration(200), f.duration(45), f.duration(3725), f.bytes(1536), f.bytes(512), f.rate(4 * 1048576), f.bytes('68719476736')];
            }
            """);

        Assert.Equal(["3m20s", "45s", "1h02m", "1.5 KiB", "512 B", "4.0 MiB/s", "64.0 GiB"], formatted);
    }

    [SkippableFact]
    public async Task FilterChoices_AreEveryStateAndTypeTheApiKnows()
    {
        rig.RequireBrowser();
        var page = await rig.NewPageAsync();
        await page.GotoAsync(rig.Dms.BaseUrl + "/ui/");
        var choices = await page.EvaluateAsync<string[][]>("async () => { const m = await import('/ui/js/pages/workflows.js'); return [m.states, m.types]; }");

        Assert.Equal(Enum.GetValues<WorkflowState>().Select(s => s.ToWireName()).Order(), choices[0].Order());
        Assert.Equal(WorkflowTypes.All.Order(), choices[1].Order());
    }

    [SkippableFact]
    public async Task ExpiredOrForeignToken_SendsTheTabBackToLogin()
    {
        rig.RequireBrowser();
        var page = await rig.NewPageAsync();
        await page.GotoAsync(rig.Dms.BaseUrl + "/ui/");
        await Expect(page.Locator("form.login")).ToBeVisibleAsync();
        // What a tab holds when its token expired or dms was given a new session key.
        await page.EvaluateAsync("() => sessionStorage.setItem('dms.session', JSON.stringify({ user: 'admin', idToken: 'forged' }))");
        await page.GotoAsync(rig.Dms.BaseUrl + "/ui/#/clusters");

        await Expect(page.Locator("form.login")).ToBeVisibleAsync();
        await Expect(page.Locator("#error")).ToContainTextAsync("log in again");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('dms.session')"));
    }

    /// <summary>How many workflows the API lists for the query (all on one page of the dashboard's default size).</summary>
    private async Task<int> CountAsync(string query) =>
        JsonDocument.Parse(await rig.Api.GetStringAsync($"/api/v1/workflows?pageSize=25&{query}")).RootElement.GetProperty("workflows").GetArrayLength();

    private static ILocator Row(IPage page, Guid workflowId) => page.Locator($"#workflows tr[data-workflow-id='{workflowId}']");

    private async Task<IPage> LoggedInPageAsync()
    {
        var page = await rig.NewPageAsync();
        await page.GotoAsync(rig.Dms.BaseUrl + "/ui/");
        await page.FillAsync("#username", DmsProcess.User);
        await page.FillAsync("#password", DmsProcess.Password);
        await page.ClickAsync("form.login button[type=submit]");
        await Expect(page.Locator("#nav")).ToBeVisibleAsync();
        return page;
    }

    private async Task SaveAsync(IPage page, string name) =>
        output.WriteLine($"screenshot: {await rig.ScreenshotAsync(page, name)}");

    [GeneratedRegex(@"^\d+(\.\d)? (B|KiB|MiB) of \d+\.\d MiB · \d+(\.\d)? (B|KiB|MiB)/s · ETA \d+(s|m\d\ds|h\d\dm)$")]
    private static partial Regex RunningDetail();
}
