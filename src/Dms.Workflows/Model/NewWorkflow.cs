namespace Dms.Workflows.Model;

/// <summary>What is needed to create a workflow.</summary>
/// <param name="Type">A registered <see cref="WorkflowDefinition"/> type name.</param>
/// <param name="InputJson">The request, as JSON.</param>
/// <param name="ResourceKeys">Shared things it will use (e.g. cluster ids).</param>
public sealed record NewWorkflow(string Type, string InputJson, IReadOnlyList<string> ResourceKeys)
{
    /// <summary>Assigned by the caller so it can be logged before the insert; a fresh one by default.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();
}
