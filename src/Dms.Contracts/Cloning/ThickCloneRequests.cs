using System.Text.Json.Serialization;

namespace Dms.Contracts.Cloning;

/// <summary>Spec §3 SrcSnapshotInfo: the source of every thick clone.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SrcSnapshotInfo
{
    public string? SnapId { get; init; }

    /// <summary>
    /// [OURS] The snapshot by name instead of <see cref="SnapId"/> (exactly one of the two); DMS
    /// looks it up in <see cref="ProjectName"/> on the source cluster. A started workflow echoes both.
    /// </summary>
    public string? SnapName { get; init; }

    public string? ProjectName { get; init; }

    public string? ClusterId { get; init; }
}

/// <summary>Spec §3 DstVolumeInfo / DstSnapshotInfo (the latter adds <see cref="Description"/>).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DstInfo
{
    public string? Name { get; init; }

    public string? ProjectName { get; init; }

    public string? ClusterId { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? Size { get; init; }

    public int? Replica { get; init; }

    public string? QosPolicyName { get; init; }

    public int? SectorSize { get; init; }

    public bool? Compression { get; init; }

    /// <summary>Snapshot clones only.</summary>
    public string? Description { get; init; }
}

/// <summary>Spec §3 ThickCloneVolumeRequest / ThickCloneSnapshotRequest.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ThickCloneRequest
{
    public SrcSnapshotInfo? Src { get; init; }

    public DstInfo? Dst { get; init; }

    public bool VerifyClone { get; init; }
}
