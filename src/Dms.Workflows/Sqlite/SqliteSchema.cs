using Microsoft.Data.Sqlite;

namespace Dms.Workflows;

/// <summary>Creates and migrates the SQLite schema; each migration runs once, recorded in schema_version.</summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE workflows (
            id               TEXT    NOT NULL PRIMARY KEY,
            type             TEXT    NOT NULL,
            state            TEXT    NOT NULL,
            input            TEXT    NOT NULL,
            journal          TEXT    NOT NULL,
            progress         TEXT    NOT NULL,
            msg              TEXT,
            result           TEXT,
            created_at       INTEGER NOT NULL,
            started_at       INTEGER,
            ended_at         INTEGER,
            cancel_requested INTEGER NOT NULL DEFAULT 0,
            owner_id         TEXT,
            lease_token      TEXT,
            lease_expires_at INTEGER,
            attempt          INTEGER NOT NULL DEFAULT 0,
            resource_keys    TEXT    NOT NULL
        );
        -- List pages walk this index backwards with a row-value bound: O(log n + page).
        CREATE INDEX ix_workflows_created ON workflows (created_at, id);
        -- Claim (oldest PENDING, expired RUNNING/CANCELING) and counts by state.
        CREATE INDEX ix_workflows_state ON workflows (state, created_at);
        CREATE INDEX ix_workflows_owner ON workflows (owner_id) WHERE owner_id IS NOT NULL;
        CREATE INDEX ix_workflows_ended ON workflows (ended_at) WHERE ended_at IS NOT NULL;
        CREATE TABLE workflow_resources (
            resource_key TEXT NOT NULL,
            workflow_id  TEXT NOT NULL,
            PRIMARY KEY (resource_key, workflow_id)
        ) WITHOUT ROWID;
        CREATE INDEX ix_workflow_resources_workflow ON workflow_resources (workflow_id);
        """,
        """
        -- Set when the workflow passed its pivot: its result belongs to the user, cancel is refused.
        ALTER TABLE workflows ADD COLUMN pivoted INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX ix_workflows_canceling ON workflows (owner_id) WHERE state = 'CANCELING';
        CREATE TABLE workflow_leftovers (
            workflow_id     TEXT    NOT NULL,
            step            TEXT    NOT NULL,
            work            TEXT    NOT NULL,
            error           TEXT    NOT NULL,
            attempts        INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            PRIMARY KEY (workflow_id, step, work)
        ) WITHOUT ROWID;
        CREATE INDEX ix_workflow_leftovers_due ON workflow_leftovers (next_attempt_at);
        """,
    ];

    public static int LatestVersion => Migrations.Length;

    public static void Migrate(SqliteConnection connection)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";
            create.ExecuteNonQuery();
        }

        // Serialises concurrent first opens of the same file.
        using var tx = connection.BeginTransaction(deferred: false);
        var current = CurrentVersion(connection, tx);
        if (current > Migrations.Length)
        {
            throw new InvalidOperationException(
                $"workflow store schema version {current} is newer than this program supports ({Migrations.Length}); upgrade dms");
        }

        for (var version = current + 1; version <= Migrations.Length; version++)
        {
            using var migrate = connection.CreateCommand();
            migrate.Transaction = tx;
            migrate.CommandText = Migrations[version - 1];
            migrate.ExecuteNonQuery();
        }

        if (current != Migrations.Length)
        {
            using var set = connection.CreateCommand();
            set.Transaction = tx;
            set.CommandText = "DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ($v)";
            set.Parameters.AddWithValue("$v", Migrations.Length);
            set.ExecuteNonQuery();
        }

        tx.Commit();
    }

    private static int CurrentVersion(SqliteConnection connection, SqliteTransaction tx)
    {
        using var read = connection.CreateCommand();
        read.Transaction = tx;
        read.CommandText = "SELECT MAX(version) FROM schema_version";
        return read.ExecuteScalar() is long v ? (int)v : 0;
    }
}
