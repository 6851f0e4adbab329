namespace Dms.Service;

/// <summary>
/// Who a workflow failure is attributed to, so its message says where to look ("step 'copy' failed
/// (destination cluster): …"). The workflow engine carries it as an opaque origin and only shows it.
/// </summary>
internal readonly record struct ErrorSide(string? Origin)
{
    public static readonly ErrorSide Dms = new((string?)null);
    public static readonly ErrorSide SourceCluster = new("source cluster");
    public static readonly ErrorSide DestinationCluster = new("destination cluster");
    public static readonly ErrorSide UserInput = new("invalid input");

    /// <summary>A cluster named by how the operator knows it before it is attached: the endpoint given to attach.</summary>
    public static ErrorSide ClusterAt(string endpoint) => new($"cluster at {endpoint}");

    public static implicit operator string?(ErrorSide side) => side.Origin;

    public string? ToOrigin() => Origin;
}
