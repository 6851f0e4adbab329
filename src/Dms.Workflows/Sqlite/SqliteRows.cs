using System.Data.Common;

namespace Dms.Workflows;

/// <summary>Maps the workflows table to <see cref="WorkflowRecord"/>; shared by every query that returns rows.</summary>
internal static class SqliteRows
{
    public const string Columns =
        "id, type, state, input, journal, progress, msg, result, created_at, started_at, ended_at, " +
        "cancel_requested, owner_id, lease_token, lease_expires_at, attempt, resource_keys";

    public static string Id(Guid id) => id.ToString("D");

    public static WorkflowRecord Read(DbDataReader r)
    {
        WorkflowLease? lease = null;
        if (!r.IsDBNull(12) && !r.IsDBNull(13) && !r.IsDBNull(14))
        {
            lease = new WorkflowLease(r.GetString(12), Guid.Parse(r.GetString(13)), UnixMicros.ToTime(r.GetInt64(14)));
        }

        return new WorkflowRecord
        {
            Id = Guid.Parse(r.GetString(0)),
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
            CancelRequested = r.GetInt64(11) != 0,
            Lease = lease,
            Attempt = (int)r.GetInt64(15),
            ResourceKeys = WorkflowJson.Deserialize<string[]>(r.GetString(16)),
        };
    }
}
