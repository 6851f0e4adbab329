namespace Dms.Workflows.Tests;

public class WorkflowDefinitionTests
{
    private static readonly WorkflowStep Noop = new("a", (_, _) => Task.CompletedTask);

    [Fact]
    public void Two_steps_with_one_name_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new WorkflowDefinition("Copy", [Noop, new WorkflowStep("a", (_, _) => Task.CompletedTask)]));

        Assert.Contains("two steps named 'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_definition_without_steps_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new WorkflowDefinition("Copy", []));
    }

    [Fact]
    public void A_runner_refuses_two_definitions_of_one_type()
    {
        var store = new CrashableStore(null!);

        Assert.Throws<ArgumentException>(() => new WorkflowRunner(store, [new WorkflowDefinition("Copy", [Noop]), new WorkflowDefinition("Copy", [Noop])]));
    }

    [Fact]
    public async Task A_step_without_compensation_compensates_as_a_no_op()
    {
        IWorkflowStep step = new WorkflowStep("a", (_, _) => Task.CompletedTask);

        await step.CompensateAsync(null!, CancellationToken.None);
    }
}
