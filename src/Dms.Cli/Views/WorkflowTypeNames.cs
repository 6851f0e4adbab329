using Dms.Contracts.Workflows;

namespace Dms.Cli.Views;

/// <summary>
/// The short names the list shows for workflow types (spec §3, <see cref="WorkflowTypes"/>), which
/// --type accepts besides the spec's own and a spelled-out form, in any case: the column is narrow.
/// </summary>
internal static class WorkflowTypeNames
{
    private static readonly (string Spec, string Short, string Long)[] Known =
    [
        (WorkflowTypes.AttachCluster, "attach", "attach-cluster"),
        (WorkflowTypes.RefreshClusters, "refresh", "refresh-clusters"),
        (WorkflowTypes.ThickCloneVolume, "clone-vol", "clone-volume"),
        (WorkflowTypes.ThickCloneSnapshot, "clone-snap", "clone-snapshot"),
    ];

    /// <summary>"clone-vol"; a type this dmscli does not know (a newer DMS) as DMS names it.</summary>
    public static string Short(string type) => Known.FirstOrDefault(k => k.Spec == type).Short ?? type;

    /// <summary>The spec name for what an operator typed; null when it names no type.</summary>
    public static string? Resolve(string typed) => Known.FirstOrDefault(k =>
        new[] { k.Spec, k.Short, k.Long }.Contains(typed, StringComparer.OrdinalIgnoreCase)).Spec;

    /// <summary>"attach (AttachCluster), …": for help and errors.</summary>
    public static string Accepted => string.Join(", ", Known.Select(k => $"{k.Short} ({k.Spec})"));
}
