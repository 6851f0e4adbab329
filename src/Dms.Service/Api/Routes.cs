namespace Dms.Service.Api;

/// <summary>
/// Every path dms serves, in one place (spec §2 asks that the [OURS] ones be changeable here).
/// </summary>
internal static class Routes
{
    public const string Login = "/api/v1/login";                                  // path [OURS]
    public const string ServiceCredentials = "/api/v1/service-credentials";      // path [OURS]
    public const string Clusters = "/api/v1/clusters";
    public const string RefreshClusters = "/api/v1/clusters/refresh";            // path [OURS]
    public const string Cluster = "/api/v1/clusters/{clusterId}";
    public const string Workflows = "/api/v1/workflows";
    public const string Workflow = "/api/v1/workflows/{workflowId}";
    public const string CancelWorkflow = "/api/v1/workflows/{workflowId}/cancel"; // [OURS]
    public const string ThickCloneVolume = "/api/v1/volumes/thickclone";
    public const string ThickCloneSnapshot = "/api/v1/snapshots/thickclone";

    public const string Healthz = "/healthz";
    public const string Readyz = "/readyz";
    public const string Metrics = "/metrics";
    public const string OpenApi = "/openapi/{documentName}.json";                // [OURS]
}
