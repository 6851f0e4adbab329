using Microsoft.Data.Sqlite;

namespace Dms.Workflows.Tests;

public class SqliteWorkflowStoreScaleTests : IAsyncLifetime
{
    private const int Rows = 100_000;
    private readonly WorkflowTestBed _bed = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    // How fast these are is measured by bench/Dms.Bench (store rows), not asserted here: the gate must not
    // fail on a loaded machine, and a limit loose enough for one catches only disasters.

    [Fact]
    public async Task Listing_pages_of_250_through_100000_workflows_gives_every_workflow_once_in_full_pages()
    {
        await BulkInsertAsync();
        var seen = new HashSet<Guid>();
        var page = await _bed.Store.ListAsync(250, null, WorkflowFilter.None);
        seen.UnionWith(page.Workflows.Select(w => w.Id));
        while (page.NextPageToken is { } next)
        {
            Assert.Equal(250, page.Workflows.Count);
            Assert.True(PageToken.TryDecode(next, out var token));
            page = await _bed.Store.ListAsync(250, token, WorkflowFilter.None);
            seen.UnionWith(page.Workflows.Select(w => w.Id));
        }

        Assert.Equal(Rows, seen.Count);
    }

    [Fact]
    public async Task Looking_for_work_among_100000_ended_workflows_claims_the_one_pending_and_then_nothing()
    {
        await BulkInsertAsync();
        var pending = await _bed.Store.CreateAsync(new NewWorkflow("Copy", "{}", ["c1"]));
        var claim = new ClaimRequest("me", Guid.NewGuid(), TimeSpan.FromSeconds(30), 10, 10);

        Assert.Equal(pending.Id, (await _bed.Store.TryClaimAsync(claim))?.Id);
        Assert.Null(await _bed.Store.TryClaimAsync(claim with { LeaseToken = Guid.NewGuid() }));
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
