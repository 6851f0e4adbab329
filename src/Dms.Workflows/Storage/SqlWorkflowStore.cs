using System.Data;
using System.Data.Common;

namespace Dms.Workflows.Storage;

/// <summary>
/// What the SQLite and PostgreSQL stores share: the schema's columns and states, and every
/// statement both dialects spell alike (parameters as <c>@name</c>, which both providers take).
/// A dialect supplies connections, write transactions, how an id is bound, and the two statements
/// that really differ: creating (serialising created_at) and claiming (locking).
/// </summary>
public abstract partial class SqlWorkflowStore : IWorkflowStore
{
    private protected const string Active = "('RUNNING', 'CANCELING')";
    private protected const string NotEnded = "('PENDING', 'RUNNING', 'CANCELING')";

    private static readonly string CanceledProgress = WorkflowJson.Serialize(new WorkflowProgress { Stage = "canceled" });

    private readonly TimeProvider _time;

    /// <param name="nowSql">
    /// The SQL that reads "now" in microseconds: <c>@now</c> (bound from <paramref name="time"/>), or the
    /// database server's own clock, so that every instance judges leases by one clock (DESIGN §4, fencing).
    /// </param>
    private protected SqlWorkflowStore(TimeProvider time, string nowSql = "@now")
    {
        _time = time;
        NowSql = nowSql;
        ClaimSet = $"""
            SET state = CASE WHEN state = 'PENDING' THEN 'RUNNING' ELSE state END,
                owner_id = @owner,
                lease_token = @token,
                lease_expires_at = {nowSql} + @lease,
                attempt = attempt + 1,
                started_at = COALESCE(started_at, {nowSql})
            """;
        UnderResourceLimit = $"""
            NOT EXISTS (
                SELECT 1 FROM workflow_resources mine
                WHERE mine.workflow_id = c.id
                  AND (SELECT COUNT(*) FROM workflow_resources other
                       JOIN workflows a ON a.id = other.workflow_id
                       WHERE other.resource_key = mine.resource_key AND a.id <> c.id
                         AND a.state IN {Active} AND a.lease_expires_at > {nowSql}) >= @maxPerResource)
            """;
        UnderOwnerLimit = $"""
            (SELECT COUNT(*) FROM workflows o
             WHERE o.owner_id = @owner AND o.state IN {Active} AND o.lease_expires_at > {nowSql}) < @maxPerOwner
            """;
    }

    /// <summary>"Now" in this store's SQL (unix microseconds).</summary>
    private protected string NowSql { get; }

    /// <summary>The SET clause of a claim: take the lease; a pending workflow starts running.</summary>
    private protected string ClaimSet { get; }

    /// <summary>Candidate <c>c</c> has no resource that @maxPerResource live workflows already hold.</summary>
    private protected string UnderResourceLimit { get; }

    /// <summary>The claiming owner runs fewer than @maxPerOwner workflows.</summary>
    private protected string UnderOwnerLimit { get; }

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

    public async Task<WorkflowPage> ListAsync(int pageSize, PageToken? after, WorkflowFilter filter, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var conditions = new List<string>();
        if (after is not null)
        {
            conditions.Add("(created_at, id) < (@createdAt, @id)");
        }

        var states = filter.States.Select(s => s.ToWireName()).ToList();
        var types = filter.Types.ToList();
        if (states.Count > 0)
        {
            conditions.Add($"state IN ({string.Join(", ", states.Select((_, i) => $"@state{i}"))})");
        }

        if (types.Count > 0)
        {
            conditions.Add($"type IN ({string.Join(", ", types.Select((_, i) => $"@type{i}"))})");
        }

        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        await using var connection = await OpenConnectionAsync(ct);
        await using var select = Command(connection, $"""
            SELECT {WorkflowRows.Columns} FROM workflows {where}
            ORDER BY created_at DESC, id DESC
            LIMIT @limit
            """);
        if (after is { } token)
        {
            Bind(select, "@createdAt", token.CreatedAtMicros);
            Bind(select, "@id", Key(token.Id));
        }

        for (var i = 0; i < states.Count; i++)
        {
            Bind(select, $"@state{i}", states[i]);
        }

        for (var i = 0; i < types.Count; i++)
        {
            Bind(select, $"@type{i}", types[i]);
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
            UPDATE workflows SET lease_expires_at = {NowSql} + @lease, progress = @progress, journal = @journal
            WHERE id = @id AND lease_token = @token AND state IN {Active}
            RETURNING cancel_requested
            """);
        BindOwned(update, id, leaseToken);
        Bind(update, "@lease", Micros(leaseDuration));
        Bind(update, "@now", Now());
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
        WorkflowJournal journal, WorkflowProgress progress, IReadOnlyList<WorkflowLeftover>? leftovers = null, CancellationToken ct = default)
    {
        if (!finalState.IsEnded())
        {
            throw new ArgumentOutOfRangeException(nameof(finalState), finalState, "a workflow can only finish in an ended state");
        }

        await using var connection = await OpenConnectionAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        // A workflow whose cancel was accepted never ends COMPLETED (cancel is refused once it passed its pivot).
        await using var update = Command(connection, $"""
            UPDATE workflows
            SET state = @state, msg = @msg, result = @result, ended_at = {NowSql}, journal = @journal, progress = @progress,
                owner_id = NULL, lease_token = NULL, lease_expires_at = NULL
            WHERE id = @id AND lease_token = @token AND state IN {Active}
              AND (@state <> 'COMPLETED' OR cancel_requested = FALSE)
            """, tx);
        BindOwned(update, id, leaseToken);
        Bind(update, "@state", finalState.ToWireName());
        Bind(update, "@msg", msg);
        Bind(update, "@result", resultJson);
        Bind(update, "@now", Now());
        BindState(update, journal, progress);
        if (await update.ExecuteNonQueryAsync(ct) != 1)
        {
            return false;
        }

        foreach (var leftover in leftovers ?? [])
        {
            await AddLeftoverAsync(connection, tx, id, leftover, ct);
        }

        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<PivotOutcome> PassPivotAsync(Guid id, Guid leaseToken, WorkflowJournal journal, WorkflowProgress progress, CancellationToken ct = default)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        await using var update = Command(connection, $"""
            UPDATE workflows SET pivoted = TRUE, progress = @progress, journal = @journal
            WHERE id = @id AND lease_token = @token AND state = 'RUNNING' AND cancel_requested = FALSE
            """, tx);
        BindOwned(update, id, leaseToken);
        BindState(update, journal, progress);
        if (await update.ExecuteNonQueryAsync(ct) == 1)
        {
            await tx.CommitAsync(ct);
            return PivotOutcome.Passed;
        }

        // Inside the same write transaction, so the row cannot change between the update and this read.
        await using var select = Command(connection, $"SELECT 1 FROM workflows WHERE id = @id AND lease_token = @token AND state IN {Active}", tx);
        BindOwned(select, id, leaseToken);
        var owned = await select.ExecuteScalarAsync(ct) is not null;
        await tx.CommitAsync(ct);
        return owned ? PivotOutcome.CancelRequested : PivotOutcome.LeaseLost;
    }

    public async Task<bool> ReleaseAsync(Guid id, Guid leaseToken, WorkflowJournal journal, WorkflowProgress progress, CancellationToken ct = default)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var update = Command(connection, $"""
            UPDATE workflows
            SET owner_id = NULL, lease_token = NULL, lease_expires_at = {NowSql}, journal = @journal, progress = @progress
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
        await using var tx = await BeginWriteAsync(connection, ct);
        // SET expressions see the old row, so "state" on the right is the state before the cancel.
        await using var update = Command(connection, $"""
            UPDATE workflows
            SET state = CASE state WHEN 'PENDING' THEN 'CANCELED' WHEN 'RUNNING' THEN 'CANCELING' ELSE state END,
                cancel_requested = TRUE,
                ended_at = CASE state WHEN 'PENDING' THEN {NowSql} ELSE ended_at END,
                msg = CASE state WHEN 'PENDING' THEN 'canceled before it started' ELSE msg END,
                progress = CASE state WHEN 'PENDING' THEN @progress ELSE progress END
            WHERE id = @id AND state IN {NotEnded} AND pivoted = FALSE
            RETURNING state
            """, tx);
        Bind(update, "@id", Key(id));
        Bind(update, "@now", Now());
        Bind(update, "@progress", CanceledProgress);
        CancelResult result;
        if (await update.ExecuteScalarAsync(ct) is string changed)
        {
            var state = WorkflowStateNames.Parse(changed);
            result = new CancelResult(state == WorkflowState.Canceled ? CancelOutcome.Canceled : CancelOutcome.CancelRequested, state);
        }
        else
        {
            // Not cancellable: it does not exist, it ended, or its result was delivered (read in the same write transaction).
            await using var select = Command(connection, "SELECT state, pivoted FROM workflows WHERE id = @id", tx);
            Bind(select, "@id", Key(id));
            await using var reader = await select.ExecuteReaderAsync(ct);
            result = !await reader.ReadAsync(ct) ? new CancelResult(CancelOutcome.NotFound, null) : NotCancellable(WorkflowStateNames.Parse(reader.GetString(0)), reader.GetBoolean(1));
        }

        await tx.CommitAsync(ct);
        return result;
    }

    public async Task<IReadOnlyList<Guid>> ListCancelRequestedAsync(string ownerId, CancellationToken ct = default)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var select = Command(connection, "SELECT id FROM workflows WHERE owner_id = @owner AND state = 'CANCELING'");
        Bind(select, "@owner", ownerId);
        var ids = new List<Guid>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    public async Task<int> PurgeEndedAsync(DateTimeOffset endedBefore, CancellationToken ct = default)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        // A workflow keeps its row while the janitor still has leftovers of it to remove: they need its input.
        const string Purgeable = "SELECT id FROM workflows WHERE ended_at < @before AND id NOT IN (SELECT workflow_id FROM workflow_leftovers)";
        await using (var resources = Command(connection, $"DELETE FROM workflow_resources WHERE workflow_id IN ({Purgeable})", tx))
        {
            Bind(resources, "@before", UnixMicros.From(endedBefore));
            await resources.ExecuteNonQueryAsync(ct);
        }

        await using var workflows = Command(connection, $"DELETE FROM workflows WHERE id IN ({Purgeable})", tx);
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

    public async Task<IReadOnlyDictionary<(string Type, WorkflowState State), long>> CountByTypeAndStateAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenConnectionAsync(ct);
        await using var select = Command(connection, "SELECT type, state, COUNT(*) FROM workflows GROUP BY type, state");
        var counts = new Dictionary<(string, WorkflowState), long>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            counts[(reader.GetString(0), WorkflowStateNames.Parse(reader.GetString(1)))] = reader.GetInt64(2);
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

    private static CancelResult NotCancellable(WorkflowState state, bool pivoted) => state switch
    {
        WorkflowState.Canceled => new CancelResult(CancelOutcome.AlreadyCanceled, state),
        _ when state.IsEnded() => new CancelResult(CancelOutcome.AlreadyEnded, state),
        _ when pivoted => new CancelResult(CancelOutcome.ResultDelivered, state),
        _ => throw new InvalidOperationException($"workflow in state {state.ToWireName()} refused a cancel for no known reason"),
    };

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
        Bind(claim, "@lease", Micros(request.LeaseDuration));
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
