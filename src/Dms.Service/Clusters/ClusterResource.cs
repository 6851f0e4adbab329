namespace Dms.Service.Clusters;

/// <summary>A cluster as a workflow resource: workflows that hold it count against its concurrency limit and block its detach.</summary>
internal static class ClusterResource
{
    public static string Key(string clusterId) => $"cluster:{clusterId}";
}
