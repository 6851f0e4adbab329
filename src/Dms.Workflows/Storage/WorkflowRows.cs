using System.Data.Common;

namespace Dms.Workflows.Storage;

/// <summary>Maps a workflows row (same columns in every store) to <see cref="WorkflowRecord"/>.</summary>
internal static class WorkflowRows
{
    public const string Columns =
        "id, type, state, input, journal, progress, msg, result, created_at, started_at, ended_at, " +
        "cancel_requested, owner_id, lease_token, lease_expires_at, attempt, resource_keys";

    public static WorkflowRecord Read(DbDataReader r)
    {
        WorkflowLease? lease = null;
        if (!r.IsDBNull(12) && !r.IsDBNull(13) && !r.IsDBNull(14))
        {
            lease = new WorkflowLease(r.GetString(12), r.GetGuid(13), UnixMicros.ToTime(r.GetInt64(14)));
        }

        return new WorkflowRecord
        {
            Id = r.GetGuid(0),
            Type = r.GetString(1),
            State = WorkflowStateNames.Parse(r.GetString(2)),
            InputJson = r.GetString(3),
            Journal = WorkflowJson.Deserialize<WorkflowJournal>(r.GetString(4)),
            Progress = WorkflowJson.Deserialize<WorkflowProgress>(r.GetString(5)),
            Msg = r.IsDBNull(6) ? null : r.GetString(6),
            ResultJson = r.IsDBNull(7) ? null : r.GetString(7),
            CreatedAt = UnixMicros.ToTime(r.GetInt64(8)),
            StartedAt = r.IsDBNull(9) ? null : UnixMicros.ToTime(r.GetInt64(9)),
            EndedAt = r.IsDBNull(10) ? null : UnixMicros.ToTime(r.GetInt64(10)),
            CancelRequested = r.GetBoolean(11),
            Lease = lease,
            Attempt = (int)r.GetInt64(15),
            ResourceKeys = WorkflowJson.Deserialize<string[]>(r.GetString(16)),
        };
    }
}
