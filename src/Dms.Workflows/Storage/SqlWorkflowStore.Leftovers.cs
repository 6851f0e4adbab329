using System.Data.Common;

namespace Dms.Workflows;

/// <summary>The janitor's work list: leftovers of ended workflows, each taken by one instance at a time.</summary>
public abstract partial class SqlWorkflowStore
{
    public async Task<ClaimedLeftover?> TryClaimLeftoverAsync(TimeSpan retryAfter, CancellationToken ct = default)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        // The outer "due" test is re-checked on the row another instance just took, so only one of them gets it.
        await using var claim = Command(connection, $"""
            UPDATE workflow_leftovers SET attempts = attempts + 1, next_attempt_at = {NowSql} + @retry
            WHERE next_attempt_at <= {NowSql}
              AND (workflow_id, step, work) = (
                  SELECT workflow_id, step, work FROM workflow_leftovers
                  WHERE next_attempt_at <= {NowSql} ORDER BY next_attempt_at LIMIT 1)
            RETURNING workflow_id, step, work, error, attempts
            """, tx);
        Bind(claim, "@now", Now());
        Bind(claim, "@retry", Micros(retryAfter));
        (Guid Id, WorkflowLeftover Leftover, int Attempts)? taken = null;
        await using (var reader = await claim.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                taken = (reader.GetGuid(0), new WorkflowLeftover(reader.GetString(1), ParseWork(reader.GetString(2)), reader.GetString(3)), (int)reader.GetInt64(4));
            }
        }

        WorkflowRecord? workflow = null;
        if (taken is { } t)
        {
            await using var select = Command(connection, $"SELECT {WorkflowRows.Columns} FROM workflows WHERE id = @id", tx);
            Bind(select, "@id", Key(t.Id));
            workflow = await ReadSingleAsync(select, ct);
        }

        await tx.CommitAsync(ct);
        return workflow is null ? null : new ClaimedLeftover(workflow, taken!.Value.Leftover, taken.Value.Attempts);
    }

    public async Task ResolveLeftoverAsync(Guid id, WorkflowLeftover leftover, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(leftover);
        await using var connection = await OpenConnectionAsync(ct);
        await using var delete = Command(connection, "DELETE FROM workflow_leftovers WHERE workflow_id = @id AND step = @step AND work = @work");
        BindLeftover(delete, id, leftover);
        await delete.ExecuteNonQueryAsync(ct);
    }

    public async Task RecordLeftoverErrorAsync(Guid id, WorkflowLeftover leftover, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(leftover);
        await using var connection = await OpenConnectionAsync(ct);
        await using var update = Command(connection, "UPDATE workflow_leftovers SET error = @error WHERE workflow_id = @id AND step = @step AND work = @work");
        BindLeftover(update, id, leftover);
        Bind(update, "@error", leftover.Error);
        await update.ExecuteNonQueryAsync(ct);
    }

    public async Task<long> CountLeftoversAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var count = Command(connection, "SELECT COUNT(*) FROM workflow_leftovers");
        return Convert.ToInt64(await count.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task AddLeftoverAsync(DbConnection connection, DbTransaction tx, Guid id, WorkflowLeftover leftover, CancellationToken ct)
    {
        await using var insert = Command(connection, $"""
            INSERT INTO workflow_leftovers (workflow_id, step, work, error, attempts, next_attempt_at)
            VALUES (@id, @step, @work, @error, 0, {NowSql})
            ON CONFLICT (workflow_id, step, work) DO UPDATE SET error = excluded.error
            """, tx);
        BindLeftover(insert, id, leftover);
        Bind(insert, "@error", leftover.Error);
        Bind(insert, "@now", Now());
        await insert.ExecuteNonQueryAsync(ct);
    }

    private void BindLeftover(DbCommand command, Guid id, WorkflowLeftover leftover)
    {
        Bind(command, "@id", Key(id));
        Bind(command, "@step", leftover.Step);
        Bind(command, "@work", WorkName(leftover.Work));
    }

    private static string WorkName(LeftoverWork work) => work == LeftoverWork.Execute ? "execute" : "compensate";

    private static LeftoverWork ParseWork(string name) => name switch
    {
        "execute" => LeftoverWork.Execute,
        "compensate" => LeftoverWork.Compensate,
        _ => throw new FormatException($"unknown leftover work '{name}'"),
    };
}
