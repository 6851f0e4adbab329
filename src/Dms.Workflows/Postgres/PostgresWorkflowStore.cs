using Npgsql;

namespace Dms.Workflows;

/// <summary>
/// <see cref="IWorkflowStore"/> on PostgreSQL, for several dms instances sharing one database.
/// Claims use FOR UPDATE SKIP LOCKED and are serialised by an advisory lock, so the per-owner
/// and per-resource limits hold across instances (a claim takes about a millisecond).
/// </summary>
public sealed class PostgresWorkflowStore : IWorkflowStore
{
    private const string Active = "('RUNNING', 'CANCELING')";
    private const string NotEnded = "('PENDING', 'RUNNING', 'CANCELING')";

    private static readonly string CanceledProgress = WorkflowJson.Serialize(new WorkflowProgress { Stage = "canceled" });

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;

    private PostgresWorkflowStore(NpgsqlDataSource dataSource, TimeProvider time)
    {
        _dataSource = dataSource;
        _time = time;
    }

    /// <summary>Connects and brings the schema (in the connection's search_path) up to date.</summary>
    public static async Task<PostgresWorkflowStore> OpenAsync(string connectionString, TimeProvider? time = null, CancellationToken ct = default)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await PostgresSchema.MigrateAsync(dataSource, ct);
            return new PostgresWorkflowStore(dataSource, time ?? TimeProvider.System);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    public async Task<WorkflowRecord> CreateAsync(NewWorkflow workflow, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var keys = workflow.ResourceKeys.Distinct(StringComparer.Ordinal).ToArray();
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Serialised so that createdAt is strictly after every committed row: that keeps list paging stable.
        await using (var lockInserts = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PostgresSchema.InsertLock})", connection, tx))
        {
            await lockInserts.ExecuteNonQueryAsync(ct);
        }

        await using var insert = new NpgsqlCommand($"""
            INSERT INTO workflows (id, type, state, input, journal, progress, created_at, resource_keys)
            VALUES (@id, @type, 'PENDING', @input, @journal, @progress,
                    GREATEST(@now, (SELECT COALESCE(MAX(created_at) + 1, 0) FROM workflows)), @keys)
            RETURNING {WorkflowRows.Columns}
            """, connection, tx);
        insert.Parameters.AddWithValue("id", workflow.Id);
        insert.Parameters.AddWithValue("type", workflow.Type);
        insert.Parameters.AddWithValue("input", workflow.InputJson);
        insert.Parameters.AddWithValue("journal", WorkflowJson.Serialize(WorkflowJournal.Empty));
        insert.Parameters.AddWithValue("progress", WorkflowJson.Serialize(WorkflowProgress.Queued));
        insert.Parameters.AddWithValue("now", Now());
        insert.Parameters.AddWithValue("keys", WorkflowJson.Serialize(keys));
        var created = await ReadSingleAsync(insert, ct) ?? throw new InvalidOperationException("insert returned no row");

        if (keys.Length > 0)
        {
            await using var resources = new NpgsqlCommand(
                "INSERT INTO workflow_resources (resource_key, workflow_id) SELECT unnest(@keys), @id", connection, tx);
            resources.Parameters.AddWithValue("keys", keys);
            resources.Parameters.AddWithValue("id", workflow.Id);
            await resources.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return created;
    }

    public async Task<WorkflowRecord?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var select = _dataSource.CreateCommand($"SELECT {WorkflowRows.Columns} FROM workflows WHERE id = @id");
        select.Parameters.AddWithValue("id", id);
        return await ReadSingleAsync(select, ct);
    }

    public async Task<WorkflowPage> ListAsync(int pageSize, PageToken? after, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var bound = after is null ? "" : "WHERE (created_at, id) < (@createdAt, @id)";
        await using var select = _dataSource.CreateCommand($"""
            SELECT {WorkflowRows.Columns} FROM workflows {bound}
            ORDER BY created_at DESC, id DESC
            LIMIT @limit
            """);
        if (after is { } token)
        {
            select.Parameters.AddWithValue("createdAt", token.CreatedAtMicros);
            select.Parameters.AddWithValue("id", token.Id);
        }

        select.Parameters.AddWithValue("limit", pageSize + 1);
        var rows = await ReadAllAsync(select, ct);
        if (rows.Count <= pageSize)
        {
            return new WorkflowPage(rows, null);
        }

        rows.RemoveAt(rows.Count - 1);
        return new WorkflowPage(rows, PageToken.After(rows[^1]).Encode());
    }

    public async Task<WorkflowRecord?> TryClaimAsync(ClaimRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var lockClaims = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PostgresSchema.ClaimLock})", connection, tx))
        {
            await lockClaims.ExecuteNonQueryAsync(ct);
        }

        await using var claim = new NpgsqlCommand($"""
            UPDATE workflows
            SET state = CASE WHEN state = 'PENDING' THEN 'RUNNING' ELSE state END,
                owner_id = @owner,
                lease_token = @token,
                lease_expires_at = @expires,
                attempt = attempt + 1,
                started_at = COALESCE(started_at, @now)
            WHERE id = (
                SELECT c.id FROM workflows c
                WHERE c.state IN {NotEnded}
                  AND (c.state = 'PENDING' OR c.lease_expires_at <= @now)
                  AND NOT EXISTS (
                      SELECT 1 FROM workflow_resources mine
                      WHERE mine.workflow_id = c.id
                        AND (SELECT COUNT(*) FROM workflow_resources other
                             JOIN workflows a ON a.id = other.workflow_id
                             WHERE other.resource_key = mine.resource_key AND a.id <> c.id
                               AND a.state IN {Active} AND a.lease_expires_at > @now) >= @maxPerResource)
                ORDER BY c.created_at, c.id
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
              AND (SELECT COUNT(*) FROM workflows o
                   WHERE o.owner_id = @owner AND o.state IN {Active} AND o.lease_expires_at > @now) < @maxPerOwner
            RETURNING {WorkflowRows.Columns}
            """, connection, tx);
        var now = Now();
        claim.Parameters.AddWithValue("owner", request.OwnerId);
        claim.Parameters.AddWithValue("token", request.LeaseToken);
        claim.Parameters.AddWithValue("now", now);
        claim.Parameters.AddWithValue("expires", now + Micros(request.LeaseDuration));
        claim.Parameters.AddWithValue("maxPerResource", (long)request.MaxPerResource);
        claim.Parameters.AddWithValue("maxPerOwner", (long)request.MaxPerOwner);
        var claimed = await ReadSingleAsync(claim, ct);
        await tx.CommitAsync(ct);
        return claimed;
    }

    public async Task<HeartbeatResult> HeartbeatAsync(
        Guid id, Guid leaseToken, TimeSpan leaseDuration, WorkflowProgress progress, WorkflowJournal journal, CancellationToken ct = default)
    {
        await using var update = _dataSource.CreateCommand($"""
            UPDATE workflows SET lease_expires_at = @expires, progress = @progress, journal = @journal
            WHERE id = @id AND lease_token = @token AND state IN {Active}
            RETURNING cancel_requested
            """);
        AddOwned(update, id, leaseToken);
        update.Parameters.AddWithValue("expires", Now() + Micros(leaseDuration));
        update.Parameters.AddWithValue("progress", WorkflowJson.Serialize(progress));
        update.Parameters.AddWithValue("journal", WorkflowJson.Serialize(journal));
        var cancel = await update.ExecuteScalarAsync(ct);
        return cancel is bool flag ? new HeartbeatResult(true, flag) : HeartbeatResult.Lost;
    }

    public async Task<bool> SaveJournalAsync(
        Guid id, Guid leaseToken, WorkflowJournal journal, WorkflowProgress progress, CancellationToken ct = default)
    {
        await using var update = _dataSource.CreateCommand($"""
            UPDATE workflows SET progress = @progress, journal = @journal
            WHERE id = @id AND lease_token = @token AND state IN {Active}
            """);
        AddOwned(update, id, leaseToken);
        update.Parameters.AddWithValue("progress", WorkflowJson.Serialize(progress));
        update.Parameters.AddWithValue("journal", WorkflowJson.Serialize(journal));
        return await update.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<bool> FinishAsync(
        Guid id, Guid leaseToken, WorkflowState finalState, string? msg, string? resultJson,
        WorkflowJournal journal, WorkflowProgress progress, CancellationToken ct = default)
    {
        if (!finalState.IsEnded())
        {
            throw new ArgumentOutOfRangeException(nameof(finalState), finalState, "a workflow can only finish in an ended state");
        }

        await using var update = _dataSource.CreateCommand($"""
            UPDATE workflows
            SET state = @state, msg = @msg, result = @result, ended_at = @now, journal = @journal, progress = @progress,
                owner_id = NULL, lease_token = NULL, lease_expires_at = NULL
            WHERE id = @id AND lease_token = @token AND state IN {Active}
            """);
        AddOwned(update, id, leaseToken);
        update.Parameters.AddWithValue("state", finalState.ToWireName());
        update.Parameters.Add(new NpgsqlParameter<string?>("msg", msg) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        update.Parameters.Add(new NpgsqlParameter<string?>("result", resultJson) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        update.Parameters.AddWithValue("now", Now());
        update.Parameters.AddWithValue("journal", WorkflowJson.Serialize(journal));
        update.Parameters.AddWithValue("progress", WorkflowJson.Serialize(progress));
        return await update.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<bool> ReleaseAsync(Guid id, Guid leaseToken, WorkflowJournal journal, WorkflowProgress progress, CancellationToken ct = default)
    {
        await using var update = _dataSource.CreateCommand($"""
            UPDATE workflows
            SET owner_id = NULL, lease_token = NULL, lease_expires_at = @now, journal = @journal, progress = @progress
            WHERE id = @id AND lease_token = @token AND state IN {Active}
            """);
        AddOwned(update, id, leaseToken);
        update.Parameters.AddWithValue("now", Now());
        update.Parameters.AddWithValue("progress", WorkflowJson.Serialize(progress));
        update.Parameters.AddWithValue("journal", WorkflowJson.Serialize(journal));
        return await update.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<CancelResult> RequestCancelAsync(Guid id, CancellationToken ct = default)
    {
        // SET expressions see the old row, so "state" on the right is the state before the cancel.
        await using var update = _dataSource.CreateCommand($"""
            UPDATE workflows
            SET state = CASE state WHEN 'PENDING' THEN 'CANCELED' WHEN 'RUNNING' THEN 'CANCELING' ELSE state END,
                cancel_requested = true,
                ended_at = CASE state WHEN 'PENDING' THEN @now ELSE ended_at END,
                msg = CASE state WHEN 'PENDING' THEN 'canceled before it started' ELSE msg END,
                progress = CASE state WHEN 'PENDING' THEN @progress ELSE progress END
            WHERE id = @id AND state IN {NotEnded}
            RETURNING state
            """);
        update.Parameters.AddWithValue("id", id);
        update.Parameters.AddWithValue("now", Now());
        update.Parameters.AddWithValue("progress", CanceledProgress);
        if (await update.ExecuteScalarAsync(ct) is string changed)
        {
            var state = WorkflowStateNames.Parse(changed);
            return new CancelResult(state == WorkflowState.Canceled ? CancelOutcome.Canceled : CancelOutcome.CancelRequested, state);
        }

        // Not cancellable: it ended (states never leave an ended state, so this read cannot be stale) or does not exist.
        await using var select = _dataSource.CreateCommand("SELECT state FROM workflows WHERE id = @id");
        select.Parameters.AddWithValue("id", id);
        if (await select.ExecuteScalarAsync(ct) is not string ended)
        {
            return new CancelResult(CancelOutcome.NotFound, null);
        }

        var endedState = WorkflowStateNames.Parse(ended);
        return new CancelResult(endedState == WorkflowState.Canceled ? CancelOutcome.AlreadyCanceled : CancelOutcome.AlreadyEnded, endedState);
    }

    public async Task<int> PurgeEndedAsync(DateTimeOffset endedBefore, CancellationToken ct = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var resources = new NpgsqlCommand(
            "DELETE FROM workflow_resources WHERE workflow_id IN (SELECT id FROM workflows WHERE ended_at < @before)", connection, tx))
        {
            resources.Parameters.AddWithValue("before", UnixMicros.From(endedBefore));
            await resources.ExecuteNonQueryAsync(ct);
        }

        await using var workflows = new NpgsqlCommand("DELETE FROM workflows WHERE ended_at < @before", connection, tx);
        workflows.Parameters.AddWithValue("before", UnixMicros.From(endedBefore));
        var purged = await workflows.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return purged;
    }

    public async Task<IReadOnlyDictionary<WorkflowState, long>> CountByStateAsync(CancellationToken ct = default)
    {
        await using var select = _dataSource.CreateCommand("SELECT state, COUNT(*) FROM workflows GROUP BY state");
        var counts = Enum.GetValues<WorkflowState>().ToDictionary(s => s, _ => 0L);
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            counts[WorkflowStateNames.Parse(reader.GetString(0))] = reader.GetInt64(1);
        }

        return counts;
    }

    public async Task<bool> IsResourceInUseAsync(string resourceKey, CancellationToken ct = default)
    {
        await using var select = _dataSource.CreateCommand($"""
            SELECT EXISTS (
                SELECT 1 FROM workflow_resources r JOIN workflows w ON w.id = r.workflow_id
                WHERE r.resource_key = @key AND w.state IN {NotEnded})
            """);
        select.Parameters.AddWithValue("key", resourceKey);
        return await select.ExecuteScalarAsync(ct) is true;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private long Now() => UnixMicros.From(_time.GetUtcNow());

    private static long Micros(TimeSpan span) => span.Ticks / 10;

    private static void AddOwned(NpgsqlCommand command, Guid id, Guid leaseToken)
    {
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("token", leaseToken);
    }

    private static async Task<WorkflowRecord?> ReadSingleAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? WorkflowRows.Read(reader) : null;
    }

    private static async Task<List<WorkflowRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var rows = new List<WorkflowRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(WorkflowRows.Read(reader));
        }

        return rows;
    }
}
