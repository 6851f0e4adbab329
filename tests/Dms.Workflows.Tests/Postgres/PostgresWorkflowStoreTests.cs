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

    private string? _schemaConnectionString;

    [SkippableFact]
    public async Task Without_a_clock_of_its_own_the_store_times_leases_by_the_database_server_clock()
    {
        // The test bed's clock is months away from the real one: a lease timed by it would be far off.
        Skip.If(SkipReason is not null, SkipReason);
        await using var store = await PostgresWorkflowStore.OpenAsync(_schemaConnectionString!);
        var created = await store.CreateAsync(new NewWorkflow("Copy", "{}", []));
        var before = await ServerNowAsync();

        var claimed = await store.TryClaimAsync(new ClaimRequest("dms-1", Guid.NewGuid(), TimeSpan.FromSeconds(30), 10, 10));

        var after = await ServerNowAsync();
        Assert.Equal(created.Id, claimed?.Id);
        Assert.InRange(claimed!.Lease!.ExpiresAt, before + TimeSpan.FromSeconds(30), after + TimeSpan.FromSeconds(30));
        Assert.InRange(claimed.CreatedAt, before - TimeSpan.FromMinutes(1), after);
    }

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

        await Bed.WaitForCountAsync(WorkflowState.Completed, 40);
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
        _schemaConnectionString = connectionString;
        return await WorkflowTestBed.CreateAsync(
            async time => await PostgresWorkflowStore.OpenAsync(connectionString, time),
            () => ExecuteAsync($"DROP SCHEMA {schema} CASCADE"));
    }

    private static async Task<DateTimeOffset> ServerNowAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString!);
        await using var command = dataSource.CreateCommand("SELECT clock_timestamp()");
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync())!, TimeSpan.Zero);
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString!);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
