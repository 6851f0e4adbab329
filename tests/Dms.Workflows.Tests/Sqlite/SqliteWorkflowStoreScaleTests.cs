using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Dms.Workflows.Tests;

public class SqliteWorkflowStoreScaleTests : IAsyncLifetime
{
    private const int Rows = 100_000;
    private readonly WorkflowTestBed _bed = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task Listing_pages_of_250_among_100000_workflows_stays_within_the_latency_goal()
    {
        await BulkInsertAsync();
        var tokens = new List<PageToken?> { null };
        var page = await _bed.Store.ListAsync(250, null);
        while (page.NextPageToken is { } next && tokens.Count < 400)
        {
            Assert.True(PageToken.TryDecode(next, out var token));
            tokens.Add(token);
            page = await _bed.Store.ListAsync(250, token);
        }

        var timings = new List<double>();
        foreach (var token in tokens.Concat(tokens))
        {
            var clock = Stopwatch.StartNew();
            var listed = await _bed.Store.ListAsync(250, token);
            timings.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal(250, listed.Workflows.Count);
        }

        timings.Sort();
        var p99 = timings[(int)(timings.Count * 0.99)];
        // Product goal is 20 ms (measured ~7 ms p99 in a Debug build); the bound leaves room for a loaded
        // CI machine while still catching a query that scans or sorts the table.
        Assert.True(p99 < 100, $"p99 {p99:F1} ms, median {timings[timings.Count / 2]:F1} ms");
    }

    [Fact]
    public async Task Looking_for_work_among_100000_ended_workflows_does_not_scan_them()
    {
        await BulkInsertAsync();
        await _bed.Store.CreateAsync(new NewWorkflow("Copy", "{}", ["c1"]));
        var claim = new ClaimRequest("me", Guid.NewGuid(), TimeSpan.FromSeconds(30), 10, 10);

        Assert.NotNull(await _bed.Store.TryClaimAsync(claim));
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
        {
            Assert.Null(await _bed.Store.TryClaimAsync(claim with { LeaseToken = Guid.NewGuid() }));
        }

        var perClaim = clock.Elapsed.TotalMilliseconds / 50;
        Assert.True(perClaim < 20, $"{perClaim:F2} ms per empty claim");
    }

    private async Task BulkInsertAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_bed.DatabasePath}");
        await connection.OpenAsync();
        await using var tx = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO workflows (id, type, state, input, journal, progress, msg, created_at, ended_at, resource_keys)
            VALUES ($id, 'ThickCloneVolume', 'COMPLETED', $input, $journal, '{"percent":100,"stage":"completed"}', NULL, $created, $created, '["c1","c2"]')
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var created = insert.Parameters.Add("$created", SqliteType.Integer);
        insert.Parameters.AddWithValue("$input", """{"src":{"snapId":"8f7e0e1c-7a43-4f55-9d59-0e9c3b4b0d11","projectName":"default","clusterId":"c1"},"dst":{"name":"copy","clusterId":"c2"}}""");
        insert.Parameters.AddWithValue("$journal", """{"completedSteps":["validate","source","destination","copy","verify","finish"],"resources":[{"step":"source","name":"volume:c1/dms-x-src"}]}""");
        var start = UnixMicros.From(WorkflowTestBed.Epoch);
        for (var i = 0; i < Rows; i++)
        {
            id.Value = Guid.NewGuid().ToString("D");
            created.Value = start + (i * 1000L);
            await insert.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }
}
