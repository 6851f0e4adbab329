using System.Data;
using System.Data.Common;

namespace Dms.Workflows;

/// <summary>
/// What the SQLite and PostgreSQL stores share: the schema's columns and states, and every
/// statement both dialects spell alike (parameters as <c>@name</c>, which both providers take).
/// A dialect supplies connections, write transactions, how an id is bound, and the two statements
/// that really differ: creating (serialising created_at) and claiming (locking).
/// </summary>
public abstract class SqlWorkflowStore : IWorkflowStore
{
    private protected const string Active = "('RUNNING', 'CANCELING')";
    private protected const string NotEnded = "('PENDING', 'RUNNING', 'CANCELING')";

    /// <summary>The SET clause of a claim: take the lease; a pending workflow starts running.</summary>
    private protected const string ClaimSet = """
        SET state = CASE WHEN state = 'PENDING' THEN 'RUNNING' ELSE state END,
            owner_id = @owner,
            lease_token = @token,
            lease_expires_at = @expires,
            attempt = attempt + 1,
            started_at = COALESCE(started_at, @now)
        """;

    /// <summary>Candidate <c>c</c> has no resource that @maxPerResource live workflows already hold.</summary>
    private protected const string UnderResourceLimit = $"""
        NOT EXISTS (
            SELECT 1 FROM workflow_resources mine
            WHERE mine.workflow_id = c.id
              AND (SELECT COUNT(*) FROM workflow_resources other
                   JOIN workflows a ON a.id = other.workflow_id
                   WHERE other.resource_key = mine.resource_key AND a.id <> c.id
                     AND a.state IN {Active} AND a.lease_expires_at > @now) >= @maxPerResource)
        """;

    /// <summary>The claiming owner runs fewer than @maxPerOwner workflows.</summary>
    private protected const string UnderOwnerLimit = $"""
        (SELECT COUNT(*) FROM workflows o
         WHERE o.owner_id = @owner AND o.state IN {Active} AND o.lease_expires_at > @now) < @maxPerOwner
        """;

    private static readonly string CanceledProgress = WorkflowJson.Serialize(new WorkflowProgress { Stage = "canceled" });

    private readonly TimeProvider _time;

    private protected SqlWorkflowStore(TimeProvider time) => _time = time;

    public abstract Task<WorkflowRecord> CreateAsync(NewWorkflow workflow, CancellationToken ct = default);

    public abstract Task<WorkflowRecord?> TryClaimAsync(ClaimRequest request, CancellationToken ct = default);

    public abstract ValueTask DisposeAsync();

    public async Task<WorkflowRecord?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var select = Command(connection, $"SELECT {WorkflowRows.Columns} FROM workflows WHERE id = @id");
        Bind(select, "@id", Key(id));
        return await ReadSingleAsync(select, ct);
    }

    public async Task<WorkflowPage> ListAsync(int pageSize, PageToken? after, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var bound = after is null ? "" : "WHERE (created_at, id) < (@createdAt, @id)";
        await using var connection = await OpenConnectionAsync(ct);
        await using var select = Command(connection, $"""
            SELECT {WorkflowRows.Columns} FROM workflows {bound}
            ORDER BY created_at DESC, id DESC
            LIMIT @limit
            """);
        if (after is { } token)
        {
            Bind(select, "@createdAt", token.CreatedAtMicros);
            Bind(select, "@id", Key(token.Id));
        }

        // One extra row tells whether another page exists without a second query.
        Bind(select, "@limit", (long)pageSize + 1);
        var rows = new List<WorkflowRecord>();
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add(WorkflowRows.Read(reader));
            }
        }

        if (rows.Count <= pageSize)
        {
            return new WorkflowPage(rows, null);
        }

        rows.RemoveAt(rows.Count - 1);
        return new WorkflowPage(rows, PageToken.After(rows[^1]).Encode());
    }

    public async Task<HeartbeatResult> HeartbeatAsync(
        Guid id, Guid leaseToken, TimeSpan leaseDuration, WorkflowProgress progress, WorkflowJournal journal, CancellationToken ct = default)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var update = Command(connection, $"""
            UPDATE workflows SET lease_expires_at = @expires, progress = @progress, journal = @journal
            WHERE id = @id AND lease_token = @token AND state IN {Active}
            RETURNING cancel_requested
            """);
        BindOwned(update, id, leaseToken);
        Bind(update, "@expires", Now() + Micros(leaseDuration));
        BindState(update, journal, progress);
        // SQLite answers the flag as an integer, PostgreSQL as a boolean.
        return await update.ExecuteScalarAsync(ct) is { } cancel and not DBNull
            ? new HeartbeatResult(true, Convert.ToBoolean(cancel, System.Globalization.CultureInfo.InvariantCulture))
            : HeartbeatResult.Lost;
    }

    public async Task<bool> SaveJournalAsync(
        Guid id, Guid leaseToken, WorkflowJournal journal, WorkflowProgress progress, CancellationToken ct = default)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var update = Command(connection, $"""
            UPDATE workflows SET progress = @progress, journal = @journal
            WHERE id = @id AND lease_token = @token AND state IN {Active}
            """);
        BindOwned(update, id, leaseToken);
        BindState(update, journal, progress);
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

        await using var connection = await OpenConnectionAsync(ct);
        await using var update = Command(connection, $"""
            UPDATE workflows
            SET state = @state, msg = @msg, result = @result, ended_at = @now, journal = @journal, progress = @progress,
                owner_id = NULL, lease_token = NULL, lease_expires_at = NULL
            WHERE id = @id AND lease_token = @token AND state IN {Active}
            """);
        BindOwned(update, id, leaseToken);
        Bind(update, "@state", finalState.ToWireName());
        Bind(update, "@msg", msg);
        Bind(update, "@result", resultJson);
        Bind(update, "@now", Now());
        BindState(update, journal, progress);
        return await update.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<bool> ReleaseAsync(Guid id, Guid leaseToken, WorkflowJournal journal, WorkflowProgress progress, CancellationToken ct = default)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var update = Command(connection, $"""
            UPDATE workflows
            SET owner_id = NULL, lease_token = NULL, lease_expires_at = @now, journal = @journal, progress = @progress
            WHERE id = @id AND lease_token = @token AND state IN {Active}
            """);
        BindOwned(update, id, leaseToken);
        Bind(update, "@now", Now());
        BindState(update, journal, progress);
        return await update.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<CancelResult> RequestCancelAsync(Guid id, CancellationToken ct = default)
    {
        await using var connection = await OpenConnectionAsync(ct);
        // SET expressions see the old row, so "state" on the right is the state before the cancel.
        await using var update = Command(connection, $"""
            UPDATE workflows
            SET state = CASE state WHEN 'PENDING' THEN 'CANCELED' WHEN 'RUNNING' THEN 'CANCELING' ELSE state END,
                cancel_requested = TRUE,
                ended_at = CASE state WHEN 'PENDING' THEN @now ELSE ended_at END,
                msg = CASE state WHEN 'PENDING' THEN 'canceled before it started' ELSE msg END,
                progress = CASE state WHEN 'PENDING' THEN @progress ELSE progress END
            WHERE id = @id AND state IN {NotEnded}
            RETURNING state
            """);
        Bind(update, "@id", Key(id));
        Bind(update, "@now", Now());
        Bind(update, "@progress", CanceledProgress);
        if (await update.ExecuteScalarAsync(ct) is string changed)
        {
            var state = WorkflowStateNames.Parse(changed);
            return new CancelResult(state == WorkflowState.Canceled ? CancelOutcome.Canceled : CancelOutcome.CancelRequested, state);
        }

        // Not cancellable: it ended (states never leave an ended state, so this read cannot be stale) or does not exist.
        await using var select = Command(connection, "SELECT state FROM workflows WHERE id = @id");
        Bind(select, "@id", Key(id));
        if (await select.ExecuteScalarAsync(ct) is not string ended)
        {
            return new CancelResult(CancelOutcome.NotFound, null);
        }

        var endedState = WorkflowStateNames.Parse(ended);
        return new CancelResult(endedState == WorkflowState.Canceled ? CancelOutcome.AlreadyCanceled : CancelOutcome.AlreadyEnded, endedState);
    }

    public async Task<int> PurgeEndedAsync(DateTimeOffset endedBefore, CancellationToken ct = default)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        await using (var resources = Command(connection,
            "DELETE FROM workflow_resources WHERE workflow_id IN (SELECT id FROM workflows WHERE ended_at < @before)", tx))
        {
            Bind(resources, "@before", UnixMicros.From(endedBefore));
            await resources.ExecuteNonQueryAsync(ct);
        }

        await using var workflows = Command(connection, "DELETE FROM workflows WHERE ended_at < @before", tx);
        Bind(workflows, "@before", UnixMicros.From(endedBefore));
        var purged = await workflows.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return purged;
    }

    public async Task<IReadOnlyDictionary<WorkflowState, long>> CountByStateAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var select = Command(connection, "SELECT state, COUNT(*) FROM workflows GROUP BY state");
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
        await using var connection = await OpenConnectionAsync(ct);
        await using var select = Command(connection, $"""
            SELECT EXISTS (
                SELECT 1 FROM workflow_resources r JOIN workflows w ON w.id = r.workflow_id
                WHERE r.resource_key = @key AND w.state IN {NotEnded})
            """);
        Bind(select, "@key", resourceKey);
        return Convert.ToBoolean(await select.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken ct);

    /// <summary>A transaction that holds the write lock from its first statement (it reads before it writes).</summary>
    private protected abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct);

    /// <summary>An id as the dialect's id columns hold it.</summary>
    private protected abstract object Key(Guid id);

    private protected long Now() => UnixMicros.From(_time.GetUtcNow());

    private protected static long Micros(TimeSpan span) => span.Ticks / 10;

    private protected static DbCommand Command(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private protected static void Bind(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        if (value is null)
        {
            // Every nullable parameter is text (msg, result); a typed null needs no inference.
            parameter.DbType = DbType.String;
        }

        command.Parameters.Add(parameter);
    }

    private protected static async Task<WorkflowRecord?> ReadSingleAsync(DbCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? WorkflowRows.Read(reader) : null;
    }

    /// <summary>The parameters of a claim: the statement differs per dialect, what it binds does not.</summary>
    private protected void BindClaim(DbCommand claim, ClaimRequest request)
    {
        var now = Now();
        Bind(claim, "@owner", request.OwnerId);
        Bind(claim, "@token", Key(request.LeaseToken));
        Bind(claim, "@now", now);
        Bind(claim, "@expires", now + Micros(request.LeaseDuration));
        Bind(claim, "@maxPerResource", (long)request.MaxPerResource);
        Bind(claim, "@maxPerOwner", (long)request.MaxPerOwner);
    }

    /// <summary>The new workflow row's parameters, shared by both dialects' INSERT.</summary>
    private protected void BindNew(DbCommand insert, NewWorkflow workflow, string[] keys)
    {
        Bind(insert, "@id", Key(workflow.Id));
        Bind(insert, "@type", workflow.Type);
        Bind(insert, "@input", workflow.InputJson);
        Bind(insert, "@journal", WorkflowJson.Serialize(WorkflowJournal.Empty));
        Bind(insert, "@progress", WorkflowJson.Serialize(WorkflowProgress.Queued));
        Bind(insert, "@now", Now());
        Bind(insert, "@keys", WorkflowJson.Serialize(keys));
    }

    private void BindOwned(DbCommand command, Guid id, Guid leaseToken)
    {
        Bind(command, "@id", Key(id));
        Bind(command, "@token", Key(leaseToken));
    }

    private static void BindState(DbCommand command, WorkflowJournal journal, WorkflowProgress progress)
    {
        Bind(command, "@journal", WorkflowJson.Serialize(journal));
        Bind(command, "@progress", WorkflowJson.Serialize(progress));
    }
}
