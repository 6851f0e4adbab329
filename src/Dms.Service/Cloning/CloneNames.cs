using Lightbits.Api.Model;

namespace Dms.Service.Cloning;

/// <summary>
/// Names and marks of what a thick clone creates. Deterministic names let a re-run step find what a
/// crashed run already made (DESIGN §4); the label proves a volume is ours before compensation
/// deletes it, so a name someone else took meanwhile is never touched.
/// </summary>
internal static class CloneNames
{
    /// <summary>Lightbits strips "prefix-"/"prefix." from label keys (spec lightbits-api.md §5), so no separators.</summary>
    public const string LabelKey = "dmsworkflow";

    public static string SourceVolume(Guid workflowId) => $"dms-{workflowId}-src";

    public static string StagingVolume(Guid workflowId) => $"dms-{workflowId}-dst";

    public static Label Label(Guid workflowId) => new() { Key = LabelKey, Value = workflowId.ToString() };

    public static bool IsOurs(Volume volume, Guid workflowId) =>
        volume.Labels?.Any(l => l.Key == LabelKey && l.Value == workflowId.ToString()) == true;

    public static bool IsOurs(Snapshot snapshot, Guid workflowId) =>
        snapshot.Labels?.Any(l => l.Key == LabelKey && l.Value == workflowId.ToString()) == true;
}
