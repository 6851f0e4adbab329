namespace Dms.Contracts.Tests;

public sealed class RoutesTests
{
    [Fact]
    public void Paths_FillTheTemplatesDmsServes_WithEscapedIds()
    {
        Assert.Equal("/api/v1/clusters/a%2Fb", Routes.ClusterPath("a/b"));
        Assert.Equal("/api/v1/workflows/w%201", Routes.WorkflowPath("w 1"));
        Assert.Equal("/api/v1/workflows/42/cancel", Routes.CancelWorkflowPath("42"));
    }
}
