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
/// really moved; <see cref="BytesBasis"/> says which total that is.
/// </summary>
public sealed record WorkflowProgress
{
    /// <summary>0–100 over the whole workflow; the data stages share their range by the bytes each reads.</summary>
    public int Percent { get; init; }

    /// <summary>e.g. preparing, copying, "verifying whole volume", finalizing, cleanup, completed.</summary>
    public string? Stage { get; init; }

    /// <summary>The current stage's work in bytes (of <see cref="BytesBasis"/>); before this field had a basis it was always the volume size.</summary>
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? BytesTotal { get; init; }

    /// <summary>How much of <see cref="BytesTotal"/> is done.</summary>
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? BytesDone { get; init; }

    /// <summary>
    /// What <see cref="BytesTotal"/> counts: <c>plan</c> = the copy plan's bytes (the snapshot's allocated or
    /// changed blocks, what the copy reads); <c>volume</c> = the whole volume (a full-scan copy, or verify,
    /// which reads every byte of both sides). Absent when the stage reports no bytes.
    /// </summary>
    public string? BytesBasis { get; init; }

    /// <summary>The size of the volume being cloned, whatever the basis.</summary>
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? VolumeBytes { get; init; }

    /// <summary>Bytes of <see cref="BytesBasis"/> per second, averaged over the stage's run.</summary>
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? BytesPerSecond { get; init; }

    /// <summary>Seconds until the current stage ends at the current rate: a duration, never a time of day.</summary>
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
