using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dms.Contracts.Workflows;

/// <summary>Spec §3 Workflow. Exactly one of the request echoes is set, by type.</summary>
public sealed record Workflow
{
    public required string Id { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    public required string Type { get; init; }

    public required string State { get; init; }

    public string? Msg { get; init; }

    public required WorkflowProgress Progress { get; init; }

    public JsonElement? AttachClusterRequest { get; init; }

    public JsonElement? ThickCloneVolumeRequest { get; init; }

    /// <summary>The echo of a ThickCloneSnapshot request; the asymmetric name is the public client's (spec §3).</summary>
    public JsonElement? SnapshotCloneRequest { get; init; }

    public JsonElement? Result { get; init; }
}

/// <summary>
/// Spec §3 Workflow.progress: <c>percent</c> and <c>stage</c> as the public client knows them, and our
/// additions. The bytes fields describe the current stage's work, so percent and ETA are of what is
/// really moved; <see cref="BytesBasis"/> says which total that is. The descriptions are the contract
/// (they are what GET /openapi/v1.json says of each field).
/// </summary>
public sealed record WorkflowProgress
{
    [Description("0-100 over the whole workflow; the data stages share their part by the bytes each reads.")]
    public int Percent { get; init; }

    [Description("What the workflow is doing: preparing, copying, verifying whole volume, finalizing, cleanup, completed, failed, canceled.")]
    public string? Stage { get; init; }

    [Description("The current stage's work in bytes, counted as bytesBasis says. (Before bytesBasis existed it was always the volume size.)")]
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? BytesTotal { get; init; }

    [Description("How much of bytesTotal is done.")]
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? BytesDone { get; init; }

    [Description("What bytesTotal counts: 'plan' = the copy plan, the snapshot's allocated or changed blocks (what the copy reads; " +
        "far below the volume size for a sparse snapshot); 'volume' = the whole volume (a full-scan copy, or verify, which reads every byte). " +
        "Absent when the stage reports no bytes.")]
    public string? BytesBasis { get; init; }

    [Description("The size of the volume being cloned, whatever the basis.")]
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? VolumeBytes { get; init; }

    [Description("Bytes of bytesBasis per second, averaged over the stage's run.")]
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? BytesPerSecond { get; init; }

    [Description("Seconds until the current stage ends at the current rate: a duration, not a time of day.")]
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? EtaSeconds { get; init; }
}

public sealed record WorkflowList
{
    public required IReadOnlyList<Workflow> Workflows { get; init; }

    /// <summary>Absent on the last page.</summary>
    public string? NextPageToken { get; init; }
}

public sealed record WorkflowResponse(Workflow Workflow);
