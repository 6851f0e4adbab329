using System.Text.Json;
using Lightbits.Emulator.Testing;

namespace Dms.Cli.Tests.Views;

/// <summary>dmscli's human and script views of real thick clones (issue 16, findings 7, 8, 10).</summary>
[Collection(DmsCliTestGroup.Name)]
public sealed class WorkflowViewsTests(DmsCliFixture cli)
{
    private DmsCliFixture Cli => cli;

    private async Task<JsonElement> CloneAsync(string noun, string name)
    {
        var clone = await Cli.RunAsync([.. await CloneSource.CloneArgsAsync(Cli, noun, name), "--wait", "--wait-timeout", "120s", "-o", "json"]);
        Assert.True(clone.ExitCode == 0, DmsCliFixture.Describe(clone));
        return JsonDocument.Parse(clone.Stdout).RootElement;
    }

    /// <summary>A clone whose destination volume cannot be created: cluster B refuses it once, for good (InvalidArgument).</summary>
    private async Task<string> FailedCloneAsync(string name)
    {
        await Cli.ClusterB.AddFaultAsync(new { method = "POST", path = "/api/v2/projects/*/volumes", status = 400, grpcCode = 3, count = 1, message = "volume quota of project default exceeded" });
        var clone = await Cli.RunAsync([.. await CloneSource.CloneArgsAsync(Cli, "volume", name), "--wait", "--wait-timeout", "120s", "-o", "json"]);
        Assert.True(clone.ExitCode == 7, DmsCliFixture.Describe(clone));
        var workflow = JsonDocument.Parse(clone.Stdout).RootElement;
        Assert.Equal("FAILED", workflow.GetProperty("state").GetString());
        return workflow.GetProperty("id").GetString()!;
    }

    private static void AssertFits(ChildProcess.Result result, int columns)
    {
        Assert.True(result.ExitCode == 0, DmsCliFixture.Describe(result));
        var longest = result.Stdout.Split('\n').MaxBy(l => l.Length)!;
        Assert.True(longest.Length <= columns, $"a line of {longest.Length} characters, over {columns}: {longest}");
    }

    [Fact]
    public async Task ThickCloneWaitJson_PrintsTheEndedWorkflowNotJustItsId()
    {
        var workflow = await CloneAsync("snapshot", "snap-wait-json");

        Assert.Equal("COMPLETED", workflow.GetProperty("state").GetString());
        Assert.Equal("ThickCloneSnapshot", workflow.GetProperty("type").GetString());
        Assert.True(Guid.TryParse(workflow.GetProperty("id").GetString(), out _));
        Assert.True(Guid.TryParse(workflow.GetProperty("result").GetProperty("snapshotUuid").GetString(), out _));
        Assert.False(workflow.TryGetProperty("workflowId", out _));
    }

    [Fact]
    public async Task GetWorkflow_CompletedClone_DescribesItByClusterNameWithin80Columns()
    {
        var id = (await CloneAsync("volume", "vol-describe")).GetProperty("id").GetString()!;

        var described = await Cli.RunInColumnsAsync(80, "get", "workflow", "--id", id);

        AssertFits(described, 80);
        Assert.Matches(@"(?m)^State: +COMPLETED$", described.Stdout);
        Assert.Matches(@"(?m)^Does: +vol-describe@cluster-b ← snap1@cluster-a$", described.Stdout);
        Assert.Contains($"cluster-b ({Cli.ClusterB.ClusterUuid})", described.Stdout, StringComparison.Ordinal);
        Assert.Contains("4.0 GiB (4294967296 bytes)", described.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^Ended: +\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \(\d+s ago\)$", described.Stdout);
        Assert.Matches(@"(?m)^Duration: +\d+", described.Stdout);
        Assert.DoesNotContain("{", described.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetWorkflow_FailedClone_SaysWhichStepAndSideAndWhyWithin80Columns()
    {
        var id = await FailedCloneAsync("vol-refused");

        var described = await Cli.RunInColumnsAsync(80, "get", "workflow", "--id", id);

        AssertFits(described, 80);
        Assert.Matches(@"(?m)^State: +FAILED$", described.Stdout);
        Assert.Matches(@"(?m)^  Step: +prepare-destination$", described.Stdout);
        Assert.Matches(@"(?m)^  Side: +destination cluster$", described.Stdout);
        Assert.Contains("volume quota of project default exceeded", described.Stdout.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(100)]
    [InlineData(132)]
    public async Task ListWorkflows_FitsTheTerminalWithWhatEachDoesAndWhyOneFailed(int columns)
    {
        var completed = (await CloneAsync("volume", $"vol-list-{columns}")).GetProperty("id").GetString()!;
        var failed = await FailedCloneAsync($"vol-list-refused-{columns}");

        var list = await Cli.RunInColumnsAsync(columns, "list", "workflows");

        AssertFits(list, columns);
        var lines = list.Stdout.Split('\n');
        Assert.Matches("^ID +TYPE +STATE +DONE +AGE +DETAILS$", lines[0]);
        // At 80 columns the full ids leave the details a few characters; from 100 on they say what and why.
        var (what, why) = columns >= 100 ? ($"vol-list-{columns}@cluster-b ← ", "prepare-destination@dst: ") : ("", "");
        Assert.Matches($"^{completed} +clone-vol +COMPLETED +100% +\\d+[smh] +{what}", lines.Single(l => l.StartsWith(completed, StringComparison.Ordinal)));
        Assert.Matches($"^{failed} +clone-vol +FAILED +\\d+% +\\d+[smh] +{why}", lines.Single(l => l.StartsWith(failed, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ListWorkflows_StateAndTypeFilters_AnyCaseCommaListsAndShortTypeNames()
    {
        var completed = (await CloneAsync("volume", "vol-filter")).GetProperty("id").GetString()!;
        var failed = await FailedCloneAsync("vol-filter-refused");

        var done = await Cli.RunAsync("list", "workflows", "--state", "completed", "--type", "clone-vol", "-o", "name");
        Assert.True(done.ExitCode == 0, DmsCliFixture.Describe(done));
        Assert.Contains($"workflow/{completed}\n", done.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(failed, done.Stdout, StringComparison.Ordinal);
        Assert.All(done.Stdout.TrimEnd('\n').Split('\n'), line => Assert.StartsWith("workflow/", line, StringComparison.Ordinal));

        var notDone = await Cli.RunAsync("list", "workflows", "--state", "Failed,CANCELED", "--type", "ThickCloneVolume,attach", "-o", "json");
        var ids = JsonDocument.Parse(notDone.Stdout).RootElement.GetProperty("workflows").EnumerateArray().Select(w => w.GetProperty("id").GetString()).ToList();
        Assert.Contains(failed, ids);
        Assert.DoesNotContain(completed, ids);

        var attaches = await Cli.RunAsync("list", "workflows", "--type", "attach", "-o", "json");
        Assert.All(JsonDocument.Parse(attaches.Stdout).RootElement.GetProperty("workflows").EnumerateArray(),
            w => Assert.Equal("AttachCluster", w.GetProperty("type").GetString()));
    }

    [Theory]
    [InlineData("--state", "runing", "--state 'runing' is not one of PENDING, RUNNING")]
    [InlineData("--type", "clone", "--type 'clone' is not one of attach (AttachCluster)")]
    public async Task ListWorkflows_UnknownFilterName_IsAUsageErrorListingTheNames(string option, string value, string expected)
    {
        OneLine.AssertFailure(await Cli.RunAsync("list", "workflows", option, value), 2, expected);
    }

    [Fact]
    public async Task ListWorkflows_NoHeaders_PrintsOnlyRows()
    {
        await CloneAsync("volume", "vol-no-headers");
        var json = JsonDocument.Parse((await Cli.RunAsync("list", "workflows", "-o", "json")).Stdout).RootElement;

        var rows = await Cli.RunInColumnsAsync(100, "list", "workflows", "--no-headers");

        Assert.True(rows.ExitCode == 0, DmsCliFixture.Describe(rows));
        var lines = rows.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(json.GetProperty("workflows").GetArrayLength(), lines.Length);
        Assert.All(lines, line => Assert.True(Guid.TryParse(line.Split(' ')[0], out _), line));
    }

    [Fact]
    public async Task OutputName_GivesKindSlashIdForWorkflowsAndClusters()
    {
        var id = (await CloneAsync("volume", "vol-name")).GetProperty("id").GetString()!;

        Assert.Equal($"workflow/{id}\n", (await Cli.RunAsync("get", "workflow", "--id", id, "-o", "name")).Stdout);
        var clusters = (await Cli.RunAsync("list", "clusters", "-o", "name")).Stdout.TrimEnd('\n').Split('\n').Order().ToList();
        Assert.Equal(new[] { $"cluster/{Cli.ClusterA.ClusterUuid}", $"cluster/{Cli.ClusterB.ClusterUuid}" }.Order(), clusters);
        var started = await Cli.RunAsync([.. await CloneSource.CloneArgsAsync(Cli, "volume", "vol-name-started"), "-o", "name"]);
        Assert.Matches("^workflow/[0-9a-f-]{36}\n$", started.Stdout);
        OneLine.AssertFailure(await Cli.RunAsync("get", "credential", "-o", "name"), 2, "-o name");
    }

    [Fact]
    public async Task LoginJson_SaysWhereAndUntilWhenButNotTheToken()
    {
        var home = Cli.NewHome();
        var login = await DmsCliFixture.RunAsync(home, "login", $"--username={Dms.Testing.DmsProcess.User}", $"--password={Dms.Testing.DmsProcess.Password}",
            $"--base-url={Cli.Dms.BaseUrl}", $"--ca-cert={Cli.Dms.TlsCertPath}", "-o", "json");

        Assert.True(login.ExitCode == 0, DmsCliFixture.Describe(login));
        var result = JsonDocument.Parse(login.Stdout).RootElement;
        Assert.Equal(Dms.Testing.DmsProcess.User, result.GetProperty("username").GetString());
        var configPath = result.GetProperty("configPath").GetString()!;
        Assert.True(File.Exists(configPath));
        Assert.Equal("2592000", result.GetProperty("expiresIn").GetString());
        Assert.True(result.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(29));
        var token = File.ReadAllLines(configPath).Single(l => l.TrimStart().StartsWith("idToken:", StringComparison.Ordinal)).Split(':', 2)[1].Trim();
        Assert.DoesNotContain(token, login.Stdout, StringComparison.Ordinal);
        Assert.False(result.TryGetProperty("idToken", out _));
    }
}
