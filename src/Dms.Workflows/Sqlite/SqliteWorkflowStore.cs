using Microsoft.Data.Sqlite;

namespace Dms.Workflows;

/// <summary>
/// <see cref="IWorkflowStore"/> on one SQLite file (WAL mode): the default store of a single dms instance.
/// Writers that read before they write run inside BEGIN IMMEDIATE so they never hit a stale snapshot.
/// </summary>
public sealed class SqliteWorkflowStore : IWorkflowStore
{
    private const string Active = "('RUNNING', 'CANCELING')";
    private const string NotEnded = "('PENDING', 'RUNNING', 'CANCELING')";

    private static readonly string CanceledProgress = WorkflowJson.Serialize(new WorkflowProgress { Stage = "canceled" });

    private readonly string _connectionString;
    private readonly TimeProvider _time;

    private SqliteWorkflowStore(string connectionString, TimeProvider time)
    {
        _connectionString = connectionString;
        _time = time;
    }

    /// <summary>Opens (creating if needed) the store file and brings its schema up to date.</summary>
    /// <param name="busyTimeout">How long a writer waits for another one; default 5 s.</param>
    public static SqliteWorkflowStore Open(string path, TimeProvider? time = null, TimeSpan? busyTimeout = null)
    {
        var timeout = busyTimeout ?? TimeSpan.FromSeconds(5);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)),
        };
        var store = new SqliteWorkflowStore(builder.ToString(), time ?? TimeProvider.System);
        using var connection = store.OpenConnection();
        using (var wal = connection.CreateCommand())
        {
            // Persistent per file: readers (API) never block the writer (runner) and vice versa.
            wal.CommandText = "PRAGMA journal_mode = WAL";
            wal.ExecuteNonQuery();
        }

        SqliteSchema.Migrate(connection);
        return store;
    }

    public async Task<WorkflowRecord> CreateAsync(NewWorkflow workflow, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var keys = workflow.ResourceKeys.Distinct(StringComparer.Ordinal).ToArray();
        await using var connection = OpenConnection();
        await using var tx = connection.BeginTransaction(deferred: false);
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        // createdAt is forced strictly after the newest row: a new workflow always sorts before any
        // page a client is walking, which is what makes the keyset paging stable.
        insert.CommandText = $"""
            INSERT INTO workflows (id, type, state, input, journal, progress, created_at, resource_keys)
            VALUES ($id, $type, 'PENDING', $input, $journal, $progress,
                    MAX($now, (SELECT COALESCE(MAX(created_at) + 1, 0) FROM workflows)), $keys)
            RETURNING {WorkflowRows.Columns}
            """;
        insert.Parameters.AddWithValue("$id", Id(workflow.Id));
        insert.Parameters.AddWithValue("$type", workflow.Type);
        insert.Parameters.AddWithValue("$input", workflow.InputJson);
        insert.Parameters.AddWithValue("$journal", WorkflowJson.Serialize(WorkflowJournal.Empty));
        insert.Parameters.AddWithValue("$progress", WorkflowJson.Serialize(WorkflowProgress.Queued));
        insert.Parameters.AddWithValue("$now", Now());
        insert.Parameters.AddWithValue("$keys", WorkflowJson.Serialize(keys));
        var created = await ReadSingleAsync(insert, ct) ?? throw new InvalidOperationException("insert returned no row");

        foreach (var key in keys)
        {
            await using var resource = connection.CreateCommand();
            resource.Transaction = tx;
            resource.CommandText = "INSERT INTO workflow_resources (resource_key, workflow_id) VALUES ($key, $id)";
            resource.Parameters.AddWithValue("$key", key);
            resource.Parameters.AddWithValue("$id", Id(workflow.Id));
            await resource.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return created;
    }

    public async Task<WorkflowRecord?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var connection = OpenConnection();
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {WorkflowRows.Columns} FROM workflows WHERE id = $id";
        select.Parameters.AddWithValue("$id", Id(id));
        return await ReadSingleAsync(select, ct);
    }

    public async Task<WorkflowPage> ListAsync(int pageSize, PageToken? after, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        await using var connection = OpenConnection();
        await using var select = connection.CreateCommand();
        var bound = after is null ? "" : "WHERE (created_at, id) < ($createdAt, $id)";
        select.CommandText = $"""
            SELECT {WorkflowRows.Columns} FROM workflows {bound}
            ORDER BY created_at DESC, id DESC
            LIMIT $limit
            """;
        if (after is { } token)
        {
            select.Parameters.AddWithValue("$createdAt", token.CreatedAtMicros);
            select.Parameters.AddWithValue("$id", Id(token.Id));
        }

        // One extra row tells whether another page exists without a second query.
        select.Parameters.AddWithValue("$limit", pageSize + 1);
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
        await using var connection = OpenConnection();
        await using var tx = connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE
        await using var claim = connection.CreateCommand();
        claim.Transaction = tx;
        claim.CommandText = $"""
            UPDATE workflows
            SET state = CASE WHEN state = 'PENDING' THEN 'RUNNING' ELSE state END,
                owner_id = $owner,
                lease_token = $token,
                lease_expires_at = $expires,
                attempt = attempt + 1,
                started_at = COALESCE(started_at, $now)
            WHERE id = (
                SELECT c.id FROM (
                    SELECT id, created_at FROM workflows WHERE state = 'PENDING'
                    UNION ALL
                    SELECT id, created_at FROM workflows WHERE state IN {Active} AND lease_expires_at <= $now
                ) AS c
                WHERE NOT EXISTS (
                    SELECT 1 FROM workflow_resources mine
                    WHERE mine.workflow_id = c.id
                      AND (SELECT COUNT(*) FROM workflow_resources other
                           JOIN workflows a ON a.id = other.workflow_id
                           WHERE other.resource_key = mine.resource_key AND a.id <> c.id
                             AND a.state IN {Active} AND a.lease_expires_at > $now) >= $maxPerResource)
                ORDER BY c.created_at, c.id
                LIMIT 1)
              AND (SELECT COUNT(*) FROM workflows o
                   WHERE o.owner_id = $owner AND o.state IN {Active} AND o.lease_expires_at > $now) < $maxPerOwner
            RETURNING {WorkflowRows.Columns}
            """;
        var now = Now();
        claim.Parameters.AddWithValue("$owner", request.OwnerId);
        claim.Parameters.AddWithValue("$token", Id(request.LeaseToken));
        claim.Parameters.AddWithValue("$now", now);
        claim.Parameters.AddWithValue("$expires", now + Micros(request.LeaseDuration));
        claim.Parameters.AddWithValue("$maxPerResource", request.MaxPerResource);
        claim.Parameters.AddWithValue("$maxPerOwner", request.MaxPerOwner);
        var claimed = await ReadSingleAsync(claim, ct);
        await tx.CommitAsync(ct);
        return claimed;
    }

    public async Task<HeartbeatResult> HeartbeatAsync(
        Guid id, Guid leaseToken, TimeSpan leaseDuration, WorkflowProgress progress, WorkflowJournal journal, CancellationToken ct = default)
    {
        await using var connection = OpenConnection();
        await using var update = connection.CreateCommand();
        update.CommandText = $"""
            UPDATE workflows SET lease_expires_at = $expires, progress = $progress, journal = $journal
            WHERE id = $id AND lease_token = $token AND state IN {Active}
            RETURNING cancel_requested
            """;
        AddOwned(update, id, leaseToken);
        update.Parameters.AddWithValue("$expires", Now() + Micros(leaseDuration));
        update.Parameters.AddWithValue("$progress", WorkflowJson.Serialize(progress));
        update.Parameters.AddWithValue("$journal", WorkflowJson.Serialize(journal));
        var cancel = await update.ExecuteScalarAsync(ct);
        return cancel is long flag ? new HeartbeatResult(true, flag != 0) : HeartbeatResult.Lost;
    }

    public async Task<bool> SaveJournalAsync(
        Guid id, Guid leaseToken, WorkflowJournal journal, WorkflowProgress progress, CancellationToken ct = default)
    {
        await using var connection = OpenConnection();
        await using var update = connection.CreateCommand();
        update.CommandText = $"""
            UPDATE workflows SET progress = $progress, journal = $journal
            WHERE id = $id AND lease_token = $token AND state IN {Active}
            """;
        AddOwned(update, id, leaseToken);
        update.Parameters.AddWithValue("$progress", WorkflowJson.Serialize(progress));
        update.Parameters.AddWithValue("$journal", WorkflowJson.Serialize(journal));
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

        await using var connection = OpenConnection();
        await using var update = connection.CreateCommand();
        update.CommandText = $"""
            UPDATE workflows
            SET state = $state, msg = $msg, result = $result, ended_at = $now, journal = $journal, progress = $progress,
                owner_id = NULL, lease_token = NULL, lease_expires_at = NULL
            WHERE id = $id AND lease_token = $token AND state IN {Active}
            """;
        AddOwned(update, id, leaseToken);
        update.Parameters.AddWithValue("$state", finalState.ToWireName());
        update.Parameters.AddWithValue("$msg", (object?)msg ?? DBNull.Value);
        update.Parameters.AddWithValue("$result", (object?)resultJson ?? DBNull.Value);
        update.Parameters.AddWithValue("$now", Now());
        update.Parameters.AddWithValue("$journal", WorkflowJson.Serialize(journal));
        update.Parameters.AddWithValue("$progress", WorkflowJson.Serialize(progress));
        return await update.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<bool> ReleaseAsync(Guid id, Guid leaseToken, WorkflowJournal journal, WorkflowProgress progress, CancellationToken ct = default)
    {
        await using var connection = OpenConnection();
        await using var update = connection.CreateCommand();
        update.CommandText = $"""
            UPDATE workflows
            SET owner_id = NULL, lease_token = NULL, lease_expires_at = $now, journal = $journal, progress = $progress
            WHERE id = $id AND lease_token = $token AND state IN {Active}
            """;
        AddOwned(update, id, leaseToken);
        update.Parameters.AddWithValue("$progress", WorkflowJson.Serialize(progress));
        update.Parameters.AddWithValue("$journal", WorkflowJson.Serialize(journal));
        update.Parameters.AddWithValue("$now", Now());
        return await update.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<CancelResult> RequestCancelAsync(Guid id, CancellationToken ct = default)
    {
        await using var connection = OpenConnection();
        await using var tx = connection.BeginTransaction(deferred: false);
        await using var update = connection.CreateCommand();
        update.Transaction = tx;
        // SET expressions see the old row, so "state" on the right is the state before the cancel.
        update.CommandText = $"""
            UPDATE workflows
            SET state = CASE state WHEN 'PENDING' THEN 'CANCELED' WHEN 'RUNNING' THEN 'CANCELING' ELSE state END,
                cancel_requested = 1,
                ended_at = CASE state WHEN 'PENDING' THEN $now ELSE ended_at END,
                msg = CASE state WHEN 'PENDING' THEN 'canceled before it started' ELSE msg END,
                progress = CASE state WHEN 'PENDING' THEN $progress ELSE progress END
            WHERE id = $id AND state IN {NotEnded}
            RETURNING state
            """;
        update.Parameters.AddWithValue("$id", Id(id));
        update.Parameters.AddWithValue("$now", Now());
        update.Parameters.AddWithValue("$progress", CanceledProgress);
        var changed = await update.ExecuteScalarAsync(ct) as string;
        CancelResult result;
        if (changed is not null)
        {
            var state = WorkflowStateNames.Parse(changed);
            result = new CancelResult(state == WorkflowState.Canceled ? CancelOutcome.Canceled : CancelOutcome.CancelRequested, state);
        }
        else
        {
            await using var select = connection.CreateCommand();
            select.Transaction = tx;
            select.CommandText = "SELECT state FROM workflows WHERE id = $id";
            select.Parameters.AddWithValue("$id", Id(id));
            result = await select.ExecuteScalarAsync(ct) is string ended
                ? WorkflowStateNames.Parse(ended) is var state && state == WorkflowState.Canceled
                    ? new CancelResult(CancelOutcome.AlreadyCanceled, state)
                    : new CancelResult(CancelOutcome.AlreadyEnded, state)
                : new CancelResult(CancelOutcome.NotFound, null);
        }

        await tx.CommitAsync(ct);
        return result;
    }

    public async Task<int> PurgeEndedAsync(DateTimeOffset endedBefore, CancellationToken ct = default)
    {
        await using var connection = OpenConnection();
        await using var tx = connection.BeginTransaction(deferred: false);
        await using var delete = connection.CreateCommand();
        delete.Transaction = tx;
        delete.CommandText = """
            DELETE FROM workflow_resources WHERE workflow_id IN (SELECT id FROM workflows WHERE ended_at < $before);
            DELETE FROM workflows WHERE ended_at < $before;
            SELECT changes();
            """;
        delete.Parameters.AddWithValue("$before", UnixMicros.From(endedBefore));
        var purged = (long)(await delete.ExecuteScalarAsync(ct) ?? 0L);
        await tx.CommitAsync(ct);
        return (int)purged;
    }

    public async Task<IReadOnlyDictionary<WorkflowState, long>> CountByStateAsync(CancellationToken ct = default)
    {
        await using var connection = OpenConnection();
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT state, COUNT(*) FROM workflows GROUP BY state";
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
        await using var connection = OpenConnection();
        await using var select = connection.CreateCommand();
        select.CommandText = $"""
            SELECT EXISTS (
                SELECT 1 FROM workflow_resources r JOIN workflows w ON w.id = r.workflow_id
                WHERE r.resource_key = $key AND w.state IN {NotEnded})
            """;
        select.Parameters.AddWithValue("$key", resourceKey);
        return (long)(await select.ExecuteScalarAsync(ct) ?? 0L) != 0;
    }

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file (and its -wal/-shm) open; let it go with the store.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = $"PRAGMA busy_timeout = {connection.DefaultTimeout * 1000}; PRAGMA synchronous = NORMAL;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    private long Now() => UnixMicros.From(_time.GetUtcNow());

    // Ids are stored as text (readable with the sqlite3 shell); Microsoft.Data.Sqlite would bind a Guid as a blob.
    private static string Id(Guid id) => id.ToString("D");

    private static long Micros(TimeSpan span) => span.Ticks / 10;

    private static void AddOwned(SqliteCommand command, Guid id, Guid leaseToken)
    {
        command.Parameters.AddWithValue("$id", Id(id));
        command.Parameters.AddWithValue("$token", Id(leaseToken));
    }

    private static async Task<WorkflowRecord?> ReadSingleAsync(SqliteCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? WorkflowRows.Read(reader) : null;
    }

    private static async Task<List<WorkflowRecord>> ReadAllAsync(SqliteCommand command, CancellationToken ct)
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
