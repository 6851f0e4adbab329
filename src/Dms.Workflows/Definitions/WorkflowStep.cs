namespace Dms.Workflows.Definitions;

/// <summary>A step made of delegates, for steps too small to deserve a class.</summary>
public sealed class WorkflowStep : IWorkflowStep
{
    private readonly Func<StepContext, CancellationToken, Task> _execute;
    private readonly Func<StepContext, CancellationToken, Task>? _compensate;

    public WorkflowStep(string name, Func<StepContext, CancellationToken, Task> execute, Func<StepContext, CancellationToken, Task>? compensate = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _execute = execute ?? throw new ArgumentNullException(nameof(execute));
        _compensate = compensate;
    }

    public string Name { get; }

    public Task ExecuteAsync(StepContext context, CancellationToken ct) => _execute(context, ct);

    public Task CompensateAsync(StepContext context, CancellationToken ct) => _compensate?.Invoke(context, ct) ?? Task.CompletedTask;
}
