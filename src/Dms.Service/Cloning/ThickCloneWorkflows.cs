using System.Text.Json;
using Dms.Contracts.Cloning;
using Dms.Contracts.Json;
using Dms.Service.Cloning.Steps;
using Dms.Service.Clusters;
using Dms.Workflows;

namespace Dms.Service.Cloning;

/// <summary>The ThickCloneVolume and ThickCloneSnapshot sagas (DESIGN §5): same steps, different finish.</summary>
internal static class ThickCloneWorkflows
{
    public static IEnumerable<WorkflowDefinition> Create(CloneServices services)
    {
        IReadOnlyList<IWorkflowStep> Steps() =>
        [
            new PrepareSourceStep(services),
            new PrepareDestinationStep(services),
            new CopyStep(services),
            new VerifyStep(services),
            new FinalizeStep(services),
            new CleanupStep(services),
        ];
        // After finalize the clone is the user's: cancel is refused, a failing cleanup leaves a warning and the janitor.
        yield return new WorkflowDefinition(CloneKind.Volume.WorkflowType(), Steps()) { ReportsOwnProgress = true, PivotStep = FinalizeStep.StepName };
        yield return new WorkflowDefinition(CloneKind.Snapshot.WorkflowType(), Steps()) { ReportsOwnProgress = true, PivotStep = FinalizeStep.StepName };
    }

    /// <summary>
    /// The workflow row for a validated request. It holds both clusters as resources: they count
    /// against the per-cluster concurrency limit and cannot be detached while it runs.
    /// </summary>
    public static NewWorkflow New(CloneKind kind, ThickCloneRequest resolved) =>
        new(kind.WorkflowType(), JsonSerializer.Serialize(resolved, DmsJsonContext.Wire.ThickCloneRequest),
            [.. new[] { resolved.Src!.ClusterId!, resolved.Dst!.ClusterId! }.Distinct().Select(ClusterResource.Key)]);
}
