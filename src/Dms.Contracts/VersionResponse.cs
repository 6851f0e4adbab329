namespace Dms.Contracts;

/// <summary>What <see cref="Routes.Version"/> answers [OURS]: the dms build and the API generation it serves.</summary>
public sealed record VersionResponse
{
    public required string Version { get; init; }

    /// <summary>"v1": the path prefix of every route, so a client can tell which API it speaks to.</summary>
    public required string ApiVersion { get; init; }
}
