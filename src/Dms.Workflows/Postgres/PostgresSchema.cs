using Npgsql;

namespace Dms.Workflows;

/// <summary>Creates and migrates the PostgreSQL schema (in the connection's search_path); same shape as the SQLite one.</summary>
internal static class PostgresSchema
{
    /// <summary>Advisory lock keys (arbitrary constants) shared by every dms instance on the database.</summary>
    public const long MigrationLock = 0x646D_735F_6D69_6701;
    public const long InsertLock = 0x646D_735F_696E_7301;
    public const long ClaimLock = 0x646D_735F_636C_6D01;

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE workflows (
            id               uuid    NOT NULL PRIMARY KEY,
            type             text    NOT NULL,
            state            text    NOT NULL,
            input            text    NOT NULL,
            journal          text    NOT NULL,
            progress         text    NOT NULL,
            msg              text,
            result           text,
            created_at       bigint  NOT NULL,
            started_at       bigint,
            ended_at         bigint,
            cancel_requested boolean NOT NULL DEFAULT false,
            owner_id         text,
            lease_token      uuid,
            lease_expires_at bigint,
            attempt          bigint  NOT NULL DEFAULT 0,
            resource_keys    text    NOT NULL
        );
        CREATE INDEX ix_workflows_created ON workflows (created_at, id);
        CREATE INDEX ix_workflows_state ON workflows (state, created_at);
        -- Claims look only at workflows that have not ended: a small index however long the history.
        CREATE INDEX ix_workflows_runnable ON workflows (created_at, id) WHERE state IN ('PENDING', 'RUNNING', 'CANCELING');
        CREATE INDEX ix_workflows_owner ON workflows (owner_id) WHERE owner_id IS NOT NULL;
        CREATE INDEX ix_workflows_ended ON workflows (ended_at) WHERE ended_at IS NOT NULL;
        CREATE TABLE workflow_resources (
            resource_key text NOT NULL,
            workflow_id  uuid NOT NULL,
            PRIMARY KEY (resource_key, workflow_id)
        );
        CREATE INDEX ix_workflow_resources_workflow ON workflow_resources (workflow_id);
        """,
        """
        -- Set when the workflow passed its pivot: its result belongs to the user, cancel is refused.
        ALTER TABLE workflows ADD COLUMN pivoted boolean NOT NULL DEFAULT false;
        CREATE INDEX ix_workflows_canceling ON workflows (owner_id) WHERE state = 'CANCELING';
        CREATE TABLE workflow_leftovers (
            workflow_id     uuid    NOT NULL,
            step            text    NOT NULL,
            work            text    NOT NULL,
            error           text    NOT NULL,
            attempts        bigint  NOT NULL,
            next_attempt_at bigint  NOT NULL,
            PRIMARY KEY (workflow_id, step, work)
        );
        CREATE INDEX ix_workflow_leftovers_due ON workflow_leftovers (next_attempt_at);
        """,
    ];

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({MigrationLock})", ct);
        await ExecuteAsync(connection, tx, "CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)", ct);
        await using var read = new NpgsqlCommand("SELECT MAX(version) FROM schema_version", connection, tx);
        var current = await read.ExecuteScalarAsync(ct) is int v ? v : 0;
        if (current > Migrations.Length)
        {
            throw new InvalidOperationException(
                $"workflow store schema version {current} is newer than this program supports ({Migrations.Length}); upgrade dms");
        }

        for (var version = current + 1; version <= Migrations.Length; version++)
        {
            await ExecuteAsync(connection, tx, Migrations[version - 1], ct);
        }

        if (current != Migrations.Length)
        {
            await ExecuteAsync(connection, tx, $"DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ({Migrations.Length})", ct);
        }

        await tx.CommitAsync(ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(ct);
    }
}
