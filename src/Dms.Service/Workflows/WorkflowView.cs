using System.Text.Json;
using Dms.Contracts.Workflows;
using Dms.Service.Clusters;
using Dms.Workflows;
using ContractProgress = Dms.Contracts.Workflows.WorkflowProgress;

namespace Dms.Service.Workflows;

/// <summary>A stored workflow as the API shows it (spec §3 Workflow).</summary>
internal static class WorkflowView
{
    public const string ThickCloneVolumeType = WorkflowTypes.ThickCloneVolume;
    public const string ThickCloneSnapshotType = WorkflowTypes.ThickCloneSnapshot;

    public static Workflow From(WorkflowRecord record)
    {
        var input = Parse(record.InputJson);
        return new Workflow
        {
            Id = record.Id.ToString(),
            CreatedAt = record.CreatedAt,
            StartedAt = record.StartedAt,
            EndedAt = record.EndedAt,
            Type = record.Type,
            State = record.State.ToWireName(),
            Msg = record.Msg,
            Progress = new ContractProgress
            {
                Percent = record.Progress.Percent,
                Stage = record.Progress.Stage,
                BytesTotal = record.Progress.BytesTotal,
                BytesDone = record.Progress.BytesDone,
                BytesPerSecond = record.Progress.BytesPerSecond,
                EtaSeconds = record.Progress.EtaSeconds,
            },
            AttachClusterRequest = record.Type == AttachClusterWorkflow.Type ? input : null,
            ThickCloneVolumeRequest = record.Type == ThickCloneVolumeType ? input : null,
            SnapshotCloneRequest = record.Type == ThickCloneSnapshotType ? input : null,
            Result = Parse(record.ResultJson),
        };
    }

    private static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : document.RootElement.Clone();
    }
}
