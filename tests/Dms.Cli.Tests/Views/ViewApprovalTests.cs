using System.Runtime.CompilerServices;
using System.Text.Json;
using Dms.Cli.Views;
using Dms.Contracts.Json;
using Dms.Contracts.Workflows;

namespace Dms.Cli.Tests.Views;

/// <summary>
/// The human views pinned by approval files, rendered from workflows as DMS serves them (captured
/// from real clones between two lbemu clusters; the running one and the list's others made in their
/// shape) at a fixed time and width, so ids, times and ages need no masking. Every line must fit.
/// </summary>
public sealed class ViewApprovalTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 51, 7, TimeSpan.Zero);

    private static readonly ClusterNames Clusters = new(new Dictionary<string, string>
    {
        ["d05150aa-0e8c-49ff-ac6e-0decd2a1f139"] = "cluster-a",
        ["03d49b7f-4cb8-4b79-80ed-46354a6ccef4"] = "cluster-b",
    });

    [Theory]
    [InlineData("completed-clone", 80)]
    [InlineData("completed-clone", 132)]
    [InlineData("failed-clone", 80)]
    [InlineData("failed-clone", 132)]
    [InlineData("running-clone", 80)]
    [InlineData("running-clone", 132)]
    [InlineData("completed-with-warnings", 80)]
    public void GetWorkflow_Describe(string input, int columns)
    {
        var workflow = JsonSerializer.Deserialize(Input(input), DmsJsonContext.Wire.Workflow)!;

        var text = WorkflowDescription.Render(workflow, Clusters, Now, columns);

        AssertFits(text, columns);
        Approval.Verify($"get-workflow-{input}-{columns}", text);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(100)]
    [InlineData(132)]
    public void ListWorkflows_Table(int columns)
    {
        var list = Workflows();

        var text = WorkflowTable.Render(list, Clusters, Now, columns, withHeaders: true);

        AssertFits(text, columns);
        Approval.Verify($"list-workflows-{columns}", text);
    }

    [Fact]
    public void ListWorkflows_Wide_HasTimesBothSidesAndAShortenedMessage()
    {
        var text = WorkflowTable.RenderWide(Workflows(), Clusters, Now, withHeaders: true);

        AssertFits(text, 250);
        Approval.Verify("list-workflows-wide", text);
    }

    [Fact]
    public void ListWorkflows_UnknownClusters_ShowTheirUuids()
    {
        var text = WorkflowTable.Render(Workflows(), ClusterNames.None, Now, 200, withHeaders: false);

        Assert.Contains("@03d49b7f-4cb8-4b79-80ed-46354a6ccef4 ← a6cd8d5d@d05150aa-0e8c-49ff-ac6e-0decd2a1f139", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ID ", text, StringComparison.Ordinal);
    }

    private static IReadOnlyList<Workflow> Workflows() => JsonSerializer.Deserialize(Input("workflows"), DmsJsonContext.Wire.WorkflowList)!.Workflows;

    private static void AssertFits(string text, int columns)
    {
        var longest = text.Split('\n').MaxBy(l => l.Length)!;
        Assert.True(longest.Length <= columns, $"a line of {longest.Length} characters, over {columns}: {longest}");
    }

    private static string Input(string name, [CallerFilePath] string source = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(source)!, "Inputs", name + ".json"));
}
