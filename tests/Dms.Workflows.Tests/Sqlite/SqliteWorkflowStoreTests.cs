using Microsoft.Data.Sqlite;

namespace Dms.Workflows.Tests;

public class SqliteWorkflowStoreTests : WorkflowStoreContractTests
{
    protected override string? SkipReason => null;

    [SkippableFact]
    public async Task A_page_query_walks_the_creation_index_without_sorting()
    {
        await using var connection = new SqliteConnection($"Data Source={Bed.DatabasePath}");
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = $"""
            EXPLAIN QUERY PLAN SELECT {WorkflowRows.Columns} FROM workflows WHERE (created_at, id) < (1, 'x')
            ORDER BY created_at DESC, id DESC LIMIT 251
            """;
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        var text = string.Join(" | ", plan);
        Assert.Contains("ix_workflows_created", text, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Reopening_the_file_keeps_the_workflows_and_the_schema_version()
    {
        var created = await Bed.Store.CreateAsync(new NewWorkflow("Copy", "{}", []));

        await using var reopened = SqliteWorkflowStore.Open(Bed.DatabasePath, Bed.Time);

        Assert.NotNull(await reopened.GetAsync(created.Id));
        await using var connection = new SqliteConnection($"Data Source={Bed.DatabasePath}");
        await connection.OpenAsync();
        await using var version = connection.CreateCommand();
        version.CommandText = "SELECT version FROM schema_version";
        Assert.Equal((long)SqliteSchema.LatestVersion, await version.ExecuteScalarAsync());
        await using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await mode.ExecuteScalarAsync());
    }

    private protected override Task<WorkflowTestBed> CreateBedAsync() => Task.FromResult(new WorkflowTestBed());
}
