namespace Dms.Contracts.Workflows;

/// <summary>The workflow <c>type</c> names of spec §3, as the API shows and filters them.</summary>
public static class WorkflowTypes
{
    public const string AttachCluster = "AttachCluster";
    public const string RefreshClusters = "RefreshClusters";
    public const string ThickCloneVolume = "ThickCloneVolume";
    public const string ThickCloneSnapshot = "ThickCloneSnapshot";

    public static IReadOnlyList<string> All { get; } = [AttachCluster, RefreshClusters, ThickCloneVolume, ThickCloneSnapshot];
}

/// <summary>The query parameters of <see cref="Routes.Workflows"/> [OURS beyond pageSize/nextPageToken].</summary>
public static class WorkflowListQuery
{
    public const string PageSize = "pageSize";
    public const string NextPageToken = "nextPageToken";

    /// <summary>Comma-separated states (e.g. <c>RUNNING,PENDING</c>); workflows in any of them.</summary>
    public const string State = "state";

    /// <summary>Comma-separated types (<see cref="WorkflowTypes"/>); workflows of any of them.</summary>
    public const string Type = "type";
}
