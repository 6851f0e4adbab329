namespace Dms.Workflows;

/// <summary>A saga: a type name and its ordered steps.</summary>
public sealed class WorkflowDefinition
{
    private readonly string? _pivotStep;

    public WorkflowDefinition(string type, IReadOnlyList<IWorkflowStep> steps)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0)
        {
            throw new ArgumentException($"workflow '{type}' has no steps", nameof(steps));
        }

        var duplicate = steps.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"workflow '{type}' has two steps named '{duplicate.Key}'", nameof(steps));
        }

        Type = type;
        Steps = steps;
    }

    public string Type { get; }

    public IReadOnlyList<IWorkflowStep> Steps { get; }

    /// <summary>
    /// Steps report percent and stage themselves (a copy knows how far it is); the engine then does
    /// not set the stage to the step's name or the percent to the share of steps done, which would
    /// make the numbers jump back and forth.
    /// </summary>
    public bool ReportsOwnProgress { get; init; }

    /// <summary>
    /// The step after which the result belongs to the user (DESIGN §4, the saga's pivot): once it completed,
    /// cancel is refused and nothing compensates it; later steps that keep failing are left to the janitor.
    /// Null means the last step: the workflow's completion is its pivot.
    /// </summary>
    public string? PivotStep
    {
        get => _pivotStep;
        init
        {
            if (value is not null && !Steps.Any(s => s.Name == value))
            {
                throw new ArgumentException($"workflow '{Type}' has no step '{value}' to pivot on", nameof(PivotStep));
            }

            _pivotStep = value;
        }
    }

    internal int PivotIndex => _pivotStep is null ? Steps.Count - 1 : Steps.ToList().FindIndex(s => s.Name == _pivotStep);
}
