using System.Text.Json;
using Dms.Contracts.Workflows;

namespace Dms.Cli.Views;

/// <summary>What a workflow acts on, read from its request echo and result (spec §3 Workflow): the line a list shows.</summary>
internal static class WorkflowSubject
{
    /// <summary>The request echo of whichever type the workflow is; null for a refresh (it has none).</summary>
    public static JsonElement? Request(Workflow workflow) =>
        workflow.ThickCloneVolumeRequest ?? workflow.SnapshotCloneRequest ?? workflow.AttachClusterRequest;

    /// <summary>
    /// "volume-001@cluster-b ← snap-1@cluster-a" (or the snapshot's short UUID in older workflows) (what a clone makes first: a narrow column cuts
    /// the tail, and the copy is what the operator named), "127.0.10.1:8443 → cluster-a", "every attached cluster".
    /// </summary>
    public static string Describe(Workflow workflow, ClusterNames clusters)
    {
        var request = Request(workflow);
        switch (workflow.Type)
        {
            case WorkflowTypes.ThickCloneVolume or WorkflowTypes.ThickCloneSnapshot:
                // DMS records the snapshot's name beside its UUID once it has found it ([OURS] src.snapName).
                var snapshot = Text(request, "src", "snapName") ?? (Text(request, "src", "snapId") is { } snapId ? ShortId(snapId) : "?");
                return $"{Text(request, "dst", "name") ?? "?"}@{Cluster(request, "dst", clusters)} ← {snapshot}@{Cluster(request, "src", clusters)}";
            case WorkflowTypes.AttachCluster:
                var endpoint = Text(request, "apiEndpoint") ?? "?";
                return Text(workflow.Result, "clusterId") is { } attached ? $"{endpoint} → {clusters.Short(attached)}" : endpoint;
            case WorkflowTypes.RefreshClusters:
                return "every attached cluster";
            default:
                return "";
        }
    }

    /// <summary>The first block of a UUID, as git shortens hashes: enough to tell a list's rows apart.</summary>
    public static string ShortId(string uuid) => uuid.Length > 8 && uuid[8] == '-' ? uuid[..8] : uuid;

    public static string? Text(JsonElement? element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element is not { ValueKind: JsonValueKind.Object } obj || !obj.TryGetProperty(name, out var child))
            {
                return null;
            }
            element = child;
        }

        return element is { ValueKind: JsonValueKind.String } text ? text.GetString() : element?.ToString();
    }

    private static string Cluster(JsonElement? request, string side, ClusterNames clusters) =>
        Text(request, side, "clusterId") is { } id ? clusters.Short(id) : "?";
}
