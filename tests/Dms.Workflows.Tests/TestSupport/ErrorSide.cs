namespace Dms.Workflows.Tests;

/// <summary>Origins as a host names them (the engine only shows them): the ones DMS uses, for realistic messages.</summary>
internal static class ErrorSide
{
    public const string SourceCluster = "source cluster";
    public const string DestinationCluster = "destination cluster";
    public const string UserInput = "invalid input";
}
