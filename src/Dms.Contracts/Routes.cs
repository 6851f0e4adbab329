namespace Dms.Contracts;

/// <summary>
/// Every path dms serves, in one place (spec §2 asks that the [OURS] ones be changeable here):
/// dms maps its endpoints to these templates, dmscli fills them in.
/// </summary>
public static class Routes
{
    public const string Login = "/api/v1/login";                                  // path [OURS]
    public const string ServiceCredentials = "/api/v1/service-credentials";      // path [OURS]
    public const string PromoteServiceCredentials = "/api/v1/service-credentials/promote"; // [OURS]
    public const string Clusters = "/api/v1/clusters";
    public const string RefreshClusters = "/api/v1/clusters/refresh";            // path [OURS]
    public const string Cluster = "/api/v1/clusters/{clusterId}";
    public const string ClusterSnapshots = "/api/v1/clusters/{clusterId}/snapshots";   // [OURS] ?projectName=
    public const string Workflows = "/api/v1/workflows";
    public const string Workflow = "/api/v1/workflows/{workflowId}";
    public const string CancelWorkflow = "/api/v1/workflows/{workflowId}/cancel"; // [OURS]
    public const string ThickCloneVolume = "/api/v1/volumes/thickclone";
    public const string ThickCloneSnapshot = "/api/v1/snapshots/thickclone";
    public const string Version = "/api/v1/version";                              // [OURS]
    public const string DryRunQuery = "dryRun";                                   // [OURS] ?dryRun=true on both thick-clone routes

    public const string Healthz = "/healthz";
    public const string Readyz = "/readyz";
    public const string Metrics = "/metrics";
    public const string OpenApi = "/openapi/{documentName}.json";                // [OURS]

    public static string ClusterPath(string clusterId) => Fill(Cluster, "{clusterId}", clusterId);

    public static string ClusterSnapshotsPath(string clusterId, string projectName) =>
        Fill(ClusterSnapshots, "{clusterId}", clusterId) + "?projectName=" + Uri.EscapeDataString(projectName);

    public static string WorkflowPath(string workflowId) => Fill(Workflow, "{workflowId}", workflowId);

    public static string CancelWorkflowPath(string workflowId) => Fill(CancelWorkflow, "{workflowId}", workflowId);

    private static string Fill(string template, string parameter, string value) =>
        template.Replace(parameter, Uri.EscapeDataString(value), StringComparison.Ordinal);
}
