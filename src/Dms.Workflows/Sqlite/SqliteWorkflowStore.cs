using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Dms.Workflows;

/// <summary>
/// <see cref="IWorkflowStore"/> on one SQLite file (WAL mode): the default store of a single dms instance.
/// Writers that read before they write run inside BEGIN IMMEDIATE so they never hit a stale snapshot.
/// </summary>
public sealed class SqliteWorkflowStore : SqlWorkflowStore
{
    private readonly string _connectionString;

    private SqliteWorkflowStore(string connectionString, TimeProvider time)
        : base(time)
    {
        _connectionString = connectionString;
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

    public override async Task<WorkflowRecord> CreateAsync(NewWorkflow workflow, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var keys = workflow.ResourceKeys.Distinct(StringComparer.Ordinal).ToArray();
        await using var connection = OpenConnection();
        await using var tx = await BeginWriteAsync(connection, ct);
        // createdAt is forced strictly after the newest row: a new workflow always sorts before any
        // page a client is walking, which is what makes the keyset paging stable.
        await using var insert = Command(connection, $"""
            INSERT INTO workflows (id, type, state, input, journal, progress, created_at, resource_keys)
            VALUES (@id, @type, 'PENDING', @input, @journal, @progress,
                    MAX({NowSql}, (SELECT COALESCE(MAX(created_at) + 1, 0) FROM workflows)), @keys)
            RETURNING {WorkflowRows.Columns}
            """, tx);
        BindNew(insert, workflow, keys);
        var created = await ReadSingleAsync(insert, ct) ?? throw new InvalidOperationException("insert returned no row");

        foreach (var key in keys)
        {
            await using var resource = Command(connection, "INSERT INTO workflow_resources (resource_key, workflow_id) VALUES (@key, @id)", tx);
            Bind(resource, "@key", key);
            Bind(resource, "@id", Key(workflow.Id));
            await resource.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return created;
    }

    public override async Task<WorkflowRecord?> TryClaimAsync(ClaimRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = OpenConnection();
        await using var tx = await BeginWriteAsync(connection, ct);
        await using var claim = Command(connection, $"""
            UPDATE workflows
            {ClaimSet}
            WHERE id = (
                SELECT c.id FROM (
                    SELECT id, created_at FROM workflows WHERE state = 'PENDING'
                    UNION ALL
                    SELECT id, created_at FROM workflows WHERE state IN {Active} AND lease_expires_at <= {NowSql}
                ) AS c
                WHERE {UnderResourceLimit}
                ORDER BY c.created_at, c.id
                LIMIT 1)
              AND {UnderOwnerLimit}
            RETURNING {WorkflowRows.Columns}
            """, tx);
        BindClaim(claim, request);
        var claimed = await ReadSingleAsync(claim, ct);
        await tx.CommitAsync(ct);
        return claimed;
    }

    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file (and its -wal/-shm) open; let it go with the store.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private protected override Task<DbConnection> OpenConnectionAsync(CancellationToken ct) => Task.FromResult<DbConnection>(OpenConnection());

    private protected override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false)); // BEGIN IMMEDIATE

    // Ids are stored as text (readable with the sqlite3 shell); Microsoft.Data.Sqlite would bind a Guid as a blob.
    private protected override object Key(Guid id) => id.ToString("D");

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = $"PRAGMA busy_timeout = {connection.DefaultTimeout * 1000}; PRAGMA synchronous = NORMAL;";
        pragmas.ExecuteNonQuery();
        return connection;
    }
}
