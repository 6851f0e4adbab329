using System.Collections.Concurrent;
using Npgsql;

namespace Dms.Workflows.Tests;

/// <summary>
/// The store contract on PostgreSQL, each test in a schema of its own. Runs only where
/// DMS_TEST_POSTGRES holds a connection string (e.g. Host=127.0.0.1;Username=postgres;Database=postgres).
/// </summary>
public class PostgresWorkflowStoreTests : WorkflowStoreContractTests
{
    private static readonly string? ConnectionString = Environment.GetEnvironmentVariable("DMS_TEST_POSTGRES");

    protected override string? SkipReason =>
        string.IsNullOrWhiteSpace(ConnectionString) ? "set DMS_TEST_POSTGRES to a PostgreSQL connection string to run the PostgreSQL store tests" : null;

    [SkippableFact]
    public async Task Two_runners_on_two_connections_run_each_workflow_exactly_once()
    {
        var runs = new ConcurrentDictionary<Guid, int>();
        var definition = new WorkflowDefinition("Copy",
            [new WorkflowStep("count", (ctx, _) => Task.FromResult(runs.AddOrUpdate(ctx.WorkflowId, 1, (_, n) => n + 1)))]);
        var second = await Bed.OpenStoreAsync(Bed.Time);
        Bed.StartRunner([definition], WorkflowTestBed.FastOptions("dms-1"));
        Bed.StartRunner([definition], WorkflowTestBed.FastOptions("dms-2"), second);

        for (var i = 0; i < 40; i++)
        {
            await Bed.CreateAsync("Copy");
        }

        await Eventually.WaitUntilAsync(async () => (await Bed.Store.CountByStateAsync())[WorkflowState.Completed] == 40, "all 40 completed");
        Assert.Equal(40, runs.Count);
        Assert.All(runs.Values, n => Assert.Equal(1, n));
    }

    [SkippableFact]
    public async Task A_permanent_failure_compensates_in_reverse_and_fails_the_workflow()
    {
        var log = new StepLog();
        Bed.StartRunner([new WorkflowDefinition("Copy",
        [
            log.Step("source", async (ctx, ct) => await ctx.RecordResourceAsync("volume:src", ct)),
            log.Step("copy", (_, _) => throw WorkflowStepException.Permanent("no space", ErrorSide.DestinationCluster)),
        ])]);

        var created = await Bed.CreateAsync("Copy");
        var failed = await Bed.WaitForStateAsync(created.Id, WorkflowState.Failed);

        Assert.Equal(["exec:source", "exec:copy", "comp:copy", "comp:source"], log.Entries);
        Assert.Equal("step 'copy' failed (destination cluster): no space", failed.Msg);
        Assert.Equal([new WorkflowResource("source", "volume:src")], failed.Journal.Resources);
    }

    private protected override async Task<WorkflowTestBed> CreateBedAsync()
    {
        var schema = $"dms_wf_test_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE SCHEMA {schema}");
        var connectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema }.ToString();
        return await WorkflowTestBed.CreateAsync(
            async time => await PostgresWorkflowStore.OpenAsync(connectionString, time),
            () => ExecuteAsync($"DROP SCHEMA {schema} CASCADE"));
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString!);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
