namespace Dms.Workflows.Definitions;

/// <summary>
/// One step of a saga. Both methods must be idempotent: after a crash a step runs again, so it
/// looks for what it would create (deterministic names) before creating it, and a compensation
/// may run for a step that was interrupted halfway or already compensated.
/// </summary>
public interface IWorkflowStep
{
    /// <summary>Unique within its definition; journaled, so renaming a step breaks resumption of running workflows.</summary>
    string Name { get; }

    Task ExecuteAsync(StepContext context, CancellationToken ct);

    /// <summary>Undoes what ExecuteAsync did (fully or in part). Nothing by default.</summary>
    Task CompensateAsync(StepContext context, CancellationToken ct) => Task.CompletedTask;
}
