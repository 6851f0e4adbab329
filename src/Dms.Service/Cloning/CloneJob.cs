using System.Runtime.CompilerServices;
using System.Text.Json;
using Dms.Contracts.Cloning;
using Dms.Contracts.Json;
using Dms.Workflows;

namespace Dms.Service.Cloning;

/// <summary>
/// A validated thick-clone request with every inherited field filled in: what the workflow stores
/// as its input (and echoes back), so steps never re-derive a default after the source changed.
/// </summary>
internal sealed record CloneJob(Guid WorkflowId, CloneKind Kind, ThickCloneRequest Request)
{
    // Keyed by the execution's input text: one execution hands the same string to every step, so the
    // input is parsed once per execution, and the entry goes when the execution lets go of its input.
    private static readonly ConditionalWeakTable<string, CloneJob> Parsed = [];

    public SrcSnapshotInfo Src => Request.Src!;
    public DstInfo Dst => Request.Dst!;
    public string SourceCluster => Src.ClusterId!;
    public string SourceProject => Src.ProjectName!;
    public string SnapshotId => Src.SnapId!;
    public string DestinationCluster => Dst.ClusterId!;
    public string DestinationProject => Dst.ProjectName!;

    /// <summary>The temporary clone of the source snapshot that DMS reads from.</summary>
    public string SourceVolumeName => CloneNames.SourceVolume(WorkflowId);

    /// <summary>The volume DMS writes: the final one for a volume clone, a staging one for a snapshot clone.</summary>
    public string DestinationVolumeName => Kind == CloneKind.Volume ? Dst.Name! : CloneNames.StagingVolume(WorkflowId);

    public static CloneJob From(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var job = Parsed.GetValue(context.InputJson, input => Parse(context.WorkflowId, context.WorkflowType, input));
        // The table compares references; equal text of another workflow is another string, but be sure.
        return job.WorkflowId == context.WorkflowId ? job : Parse(context.WorkflowId, context.WorkflowType, context.InputJson);
    }

    private static CloneJob Parse(Guid workflowId, string workflowType, string input) =>
        new(workflowId, CloneKinds.FromWorkflowType(workflowType),
            JsonSerializer.Deserialize(input, DmsJsonContext.Wire.ThickCloneRequest)
            ?? throw WorkflowStepException.Permanent("the workflow input is empty", ErrorSide.Dms));
}
