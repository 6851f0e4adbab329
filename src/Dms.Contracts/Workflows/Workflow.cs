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

public sealed record WorkflowProgress
{
    public int Percent { get; init; }

    public string? Stage { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? BytesTotal { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? BytesDone { get; init; }

    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public long? BytesPerSecond { get; init; }

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
