namespace Dms.Service.Clusters;

/// <summary>Where a cluster key stands in a rotation (docs/operations.md "Rotate the cluster key").</summary>
internal enum ClusterKeySlot
{
    /// <summary>Signs every token DMS sends to a cluster.</summary>
    Current,

    /// <summary>Made by `dms cluster-key new`, imported on the clusters, not yet signing anything.</summary>
    Next,

    /// <summary>The key the last promote replaced, kept so the promote can be undone while clusters still hold its credential.</summary>
    Previous,
}
