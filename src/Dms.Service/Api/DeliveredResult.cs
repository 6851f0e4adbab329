using System.Text.Json;

namespace Dms.Service.Api;

/// <summary>
/// The 409 a cancel gets after a workflow's pivot (spec §3 Cancel): it names the result that now
/// belongs to the user and how to remove it, since canceling no longer will.
/// </summary>
internal static class DeliveredResult
{
    public static ApiException CancelRefused(Guid workflowId, JsonElement? result)
    {
        var what = result is { ValueKind: JsonValueKind.Object } r ? Describe(r) : null;
        return ApiException.ConflictsWithResult(what is null
            ? $"workflow {workflowId} has already delivered its result; canceling would not remove it"
            : $"workflow {workflowId} has already delivered its result, {what}; it is yours now and canceling would not remove it — delete it on that cluster if you do not want it");
    }

    private static string? Describe(JsonElement result)
    {
        string? Field(string name) => result.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var (kind, uuid) = Field("snapshotUuid") is { } snapshot ? ("snapshot", snapshot) : ("volume", Field("volumeUuid"));
        return uuid is null
            ? null
            : $"{kind} {Field("name")} (uuid {uuid}) in project {Field("projectName")} on cluster {Field("clusterId")} (lbcli delete {kind} --project-name={Field("projectName")} --uuid={uuid})";
    }
}
