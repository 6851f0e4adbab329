using System.Data.Common;
using Npgsql;

namespace Dms.Workflows;

/// <summary>
/// <see cref="IWorkflowStore"/> on PostgreSQL, for several dms instances sharing one database.
/// Claims use FOR UPDATE SKIP LOCKED and are serialised by an advisory lock, so the per-owner
/// and per-resource limits hold across instances (a claim takes about a millisecond).
/// </summary>
public sealed class PostgresWorkflowStore : SqlWorkflowStore
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>The database server's clock in unix microseconds: one clock for every instance's leases.</summary>
    private const string ServerClock = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS bigint)";

    private PostgresWorkflowStore(NpgsqlDataSource dataSource, TimeProvider? time)
        : base(time ?? TimeProvider.System, time is null ? ServerClock : "@now")
    {
        _dataSource = dataSource;
    }

    /// <summary>Connects and brings the schema (in the connection's search_path) up to date.</summary>
    /// <param name="time">
    /// Null (production): lease times, creation and end times come from the database server's clock, so
    /// instances whose clocks disagree never take each other's live leases. A clock here is for tests.
    /// </param>
    public static async Task<PostgresWorkflowStore> OpenAsync(string connectionString, TimeProvider? time = null, CancellationToken ct = default)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await PostgresSchema.MigrateAsync(dataSource, ct);
            return new PostgresWorkflowStore(dataSource, time);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    public override async Task<WorkflowRecord> CreateAsync(NewWorkflow workflow, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var keys = workflow.ResourceKeys.Distinct(StringComparer.Ordinal).ToArray();
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        // Serialised so that createdAt is strictly after every committed row: that keeps list paging stable.
        await using var tx = await BeginLockedAsync(connection, PostgresSchema.InsertLock, ct);
        await using var insert = Command(connection, $"""
            INSERT INTO workflows (id, type, state, input, journal, progress, created_at, resource_keys)
            VALUES (@id, @type, 'PENDING', @input, @journal, @progress,
                    GREATEST({NowSql}, (SELECT COALESCE(MAX(created_at) + 1, 0) FROM workflows)), @keys)
            RETURNING {WorkflowRows.Columns}
            """, tx);
        BindNew(insert, workflow, keys);
        var created = await ReadSingleAsync(insert, ct) ?? throw new InvalidOperationException("insert returned no row");

        if (keys.Length > 0)
        {
            await using var resources = Command(connection, "INSERT INTO workflow_resources (resource_key, workflow_id) SELECT unnest(@keys), @id", tx);
            Bind(resources, "@keys", keys);
            Bind(resources, "@id", Key(workflow.Id));
            await resources.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return created;
    }

    public override async Task<WorkflowRecord?> TryClaimAsync(ClaimRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var tx = await BeginLockedAsync(connection, PostgresSchema.ClaimLock, ct);
        await using var claim = Command(connection, $"""
            UPDATE workflows
            {ClaimSet}
            WHERE id = (
                SELECT c.id FROM workflows c
                WHERE c.state IN {NotEnded}
                  AND (c.state = 'PENDING' OR c.lease_expires_at <= {NowSql})
                  AND {UnderResourceLimit}
                ORDER BY c.created_at, c.id
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
              AND {UnderOwnerLimit}
            RETURNING {WorkflowRows.Columns}
            """, tx);
        BindClaim(claim, request);
        var claimed = await ReadSingleAsync(claim, ct);
        await tx.CommitAsync(ct);
        return claimed;
    }

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken ct) => await _dataSource.OpenConnectionAsync(ct);

    private protected override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(ct);

    private protected override object Key(Guid id) => id;

    /// <summary>A transaction holding the given advisory lock until it ends.</summary>
    private static async Task<DbTransaction> BeginLockedAsync(NpgsqlConnection connection, long lockId, CancellationToken ct)
    {
        var tx = await connection.BeginTransactionAsync(ct);
        try
        {
            await using var take = Command(connection, $"SELECT pg_advisory_xact_lock({lockId})", tx);
            await take.ExecuteNonQueryAsync(ct);
            return tx;
        }
        catch
        {
            await tx.DisposeAsync();
            throw;
        }
    }
}
