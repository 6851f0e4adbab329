using Npgsql;

namespace Dms.Service.Tests.TestSupport;

/// <summary>The PostgreSQL scripts/test.sh starts (DMS_TEST_POSTGRES), one fresh schema per test.</summary>
internal static class TestPostgres
{
    public static readonly string? ConnectionString = Environment.GetEnvironmentVariable("DMS_TEST_POSTGRES");

    public static void SkipUnlessAvailable() =>
        Skip.If(string.IsNullOrWhiteSpace(ConnectionString), "set DMS_TEST_POSTGRES (scripts/test.sh starts a PostgreSQL) to run the PostgreSQL store tests");

    /// <summary>Creates an empty schema; the connection string that uses it.</summary>
    public static async Task<NpgsqlConnectionStringBuilder> NewSchemaAsync(string prefix)
    {
        var schema = $"{prefix}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema };
    }
}
