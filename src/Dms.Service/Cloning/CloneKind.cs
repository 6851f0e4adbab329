using Dms.Service.Workflows;

namespace Dms.Service.Cloning;

/// <summary>What a thick clone produces: a volume, or a snapshot (made from a staging volume that is then dropped).</summary>
internal enum CloneKind
{
    Volume,
    Snapshot,
}

internal static class CloneKinds
{
    public static string WorkflowType(this CloneKind kind) =>
        kind == CloneKind.Volume ? WorkflowView.ThickCloneVolumeType : WorkflowView.ThickCloneSnapshotType;

    public static CloneKind FromWorkflowType(string type) =>
        type == WorkflowView.ThickCloneVolumeType ? CloneKind.Volume : CloneKind.Snapshot;
}
