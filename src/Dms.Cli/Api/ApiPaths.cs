namespace Dms.Cli.Api;

/// <summary>The API v1 paths dmscli calls (spec §2).</summary>
internal static class ApiPaths
{
    public const string Login = "api/v1/login";
    public const string ServiceCredentials = "api/v1/service-credentials";
    public const string Clusters = "api/v1/clusters";
    public const string RefreshClusters = "api/v1/clusters/refresh";
    public const string ThickCloneVolume = "api/v1/volumes/thickclone";
    public const string ThickCloneSnapshot = "api/v1/snapshots/thickclone";
    public const string Workflows = "api/v1/workflows";

    public static string Cluster(string id) => $"{Clusters}/{Uri.EscapeDataString(id)}";

    public static string Workflow(string id) => $"{Workflows}/{Uri.EscapeDataString(id)}";

    public static string CancelWorkflow(string id) => $"{Workflow(id)}/cancel";
}
