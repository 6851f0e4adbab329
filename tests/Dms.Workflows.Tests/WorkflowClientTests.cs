namespace Dms.Workflows.Tests;

public class WorkflowClientTests : IAsyncLifetime
{
    private readonly WorkflowTestBed _bed = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(251)]
    public async Task A_page_size_outside_1_to_250_is_an_invalid_argument(int pageSize)
    {
        var error = await Assert.ThrowsAsync<WorkflowRequestException>(() => _bed.Client.ListAsync(pageSize));

        Assert.Equal(WorkflowRequestError.InvalidArgument, error.Error);
        Assert.Contains("pageSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_garbage_page_token_is_an_invalid_argument()
    {
        var error = await Assert.ThrowsAsync<WorkflowRequestException>(() => _bed.Client.ListAsync(10, "garbage!"));

        Assert.Equal(WorkflowRequestError.InvalidArgument, error.Error);
        Assert.Contains("nextPageToken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_page_size_is_100_and_the_maximum_250()
    {
        for (var i = 0; i < 260; i++)
        {
            await _bed.CreateAsync("Copy");
        }

        var first = await _bed.Client.ListAsync();
        var largest = await _bed.Client.ListAsync(250, first.NextPageToken);

        Assert.Equal(100, first.Workflows.Count);
        Assert.Equal(160, largest.Workflows.Count);
        Assert.Null(largest.NextPageToken);
    }

    [Fact]
    public async Task Canceling_an_unknown_workflow_is_not_found()
    {
        var error = await Assert.ThrowsAsync<WorkflowRequestException>(() => _bed.Client.CancelAsync(Guid.NewGuid()));

        Assert.Equal(WorkflowRequestError.NotFound, error.Error);
    }

    [Fact]
    public async Task The_input_is_stored_as_camel_case_json_and_resource_keys_make_it_in_use()
    {
        var created = await _bed.Client.CreateAsync("Copy", new { SourceCluster = "a", SizeBytes = 10L }, ["a", "b"]);

        Assert.Equal("""{"sourceCluster":"a","sizeBytes":10}""", created.InputJson);
        Assert.True(await _bed.Client.IsResourceInUseAsync("b"));
        Assert.Equal(1, (await _bed.Client.CountByStateAsync())[WorkflowState.Pending]);
    }
}
