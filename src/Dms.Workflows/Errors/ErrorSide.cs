namespace Dms.Workflows;

/// <summary>Which party a failure is attributed to, so a message can say where to look.</summary>
public enum ErrorSide
{
    Dms,
    SourceCluster,
    DestinationCluster,
    UserInput,
}
