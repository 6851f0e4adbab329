using Common.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Dms.Workflows.Tests;

/// <summary>A real SQLite store in a temp dir, fake time, a client and the runners a test starts.</summary>
internal sealed class WorkflowTestBed : IAsyncDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDatabase? _database;
    private readonly Func<TimeProvider, Task<IWorkflowStore>> _open;
    private readonly Func<Task>? _cleanup;
    private readonly List<WorkflowRunner> _runners = [];
    private readonly List<IWorkflowStore> _stores = [];

    /// <summary>On a SQLite file in a temp dir.</summary>
    public WorkflowTestBed(TimeProvider? time = null)
    {
        var database = new TempDatabase();
        _database = database;
        _open = t => Task.FromResult<IWorkflowStore>(SqliteWorkflowStore.Open(database.Path, t));
        Time = time ?? new FakeTimeProvider(Epoch);
        Store = SqliteWorkflowStore.Open(database.Path, Time);
        _stores.Add(Store);
        Client = new WorkflowClient(Store, Signal);
    }

    private WorkflowTestBed(IWorkflowStore store, Func<TimeProvider, Task<IWorkflowStore>> open, TimeProvider time, Func<Task> cleanup)
    {
        _open = open;
        _cleanup = cleanup;
        Time = time;
        Store = store;
        _stores.Add(store);
        Client = new WorkflowClient(Store, Signal);
    }

    /// <summary>On any store; <paramref name="cleanup"/> runs after every store was disposed.</summary>
    public static async Task<WorkflowTestBed> CreateAsync(Func<TimeProvider, Task<IWorkflowStore>> open, Func<Task> cleanup)
    {
        var time = new FakeTimeProvider(Epoch);
        return new WorkflowTestBed(await open(time), open, time, cleanup);
    }

    public TimeProvider Time { get; }

    public FakeTimeProvider FakeTime => (FakeTimeProvider)Time;

    public string DatabasePath => _database?.Path ?? throw new InvalidOperationException("not a SQLite test bed");

    public IWorkflowStore Store { get; }

    public WorkflowSignal Signal { get; } = new();

    public WorkflowClient Client { get; }

    /// <summary>Options with retry delays of zero, so tests not about backoff need not move time.</summary>
    public static WorkflowRunnerOptions FastOptions(string instanceId = "runner-1") => new()
    {
        InstanceId = instanceId,
        InitialRetryDelay = TimeSpan.Zero,
        MaxRetryDelay = TimeSpan.Zero,
        PollInterval = TimeSpan.FromMinutes(10),
    };

    /// <summary>Another connection to the same file, e.g. with its own clock or as a second process.</summary>
    public async Task<IWorkflowStore> OpenStoreAsync(TimeProvider time)
    {
        var store = await _open(time);
        _stores.Add(store);
        return store;
    }

    public WorkflowRunner StartRunner(
        IEnumerable<WorkflowDefinition> definitions, WorkflowRunnerOptions? options = null, IWorkflowStore? store = null,
        Microsoft.Extensions.Logging.ILoggerFactory? loggers = null)
    {
        var runner = new WorkflowRunner(store ?? Store, definitions, options ?? FastOptions(), Signal, Time, loggers);
        _runners.Add(runner);
        runner.Start();
        return runner;
    }

    public async Task StopRunnersAsync()
    {
        foreach (var runner in _runners)
        {
            await runner.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public Task<WorkflowRecord> CreateAsync(string type, IEnumerable<string>? resourceKeys = null, object? input = null) =>
        Client.CreateAsync(type, input ?? new { }, resourceKeys);

    public async Task<WorkflowRecord> GetAsync(Guid id) =>
        await Store.GetAsync(id) ?? throw new InvalidOperationException($"workflow {id} vanished");

    public Task<WorkflowRecord> WaitForStateAsync(Guid id, WorkflowState state, Action? whilePolling = null) =>
        WaitForAsync(id, w => w.State == state, $"workflow {id} is {state.ToWireName()}", whilePolling);

    public Task<WorkflowRecord> WaitForAsync(Guid id, Func<WorkflowRecord, bool> condition, string what, Action? whilePolling = null) =>
        Poll.UntilAsync(() => GetAsync(id), condition, what, betweenReads: whilePolling,
            describe: w => $"{w.State.ToWireName()}, steps done [{string.Join(", ", w.Journal.CompletedSteps)}], msg={w.Msg}");

    /// <summary>Waits until as many workflows as <paramref name="count"/> are in <paramref name="state"/>; on timeout it shows the count per state.</summary>
    public Task WaitForCountAsync(WorkflowState state, long count) =>
        Poll.UntilAsync(() => Store.CountByStateAsync(), counts => counts.GetValueOrDefault(state) == count, $"{count} workflows are {state.ToWireName()}",
            describe: counts => string.Join(", ", counts.Where(c => c.Value > 0).Select(c => $"{c.Value} {c.Key.ToWireName()}")));

    /// <summary>Waits, moving fake time 5 s a read, until no workflow has a leftover for the janitor.</summary>
    public Task WaitForNoLeftoversAsync(string what) =>
        Poll.UntilAsync(() => Client.CountLeftoversAsync(), leftovers => leftovers == 0, what, betweenReads: () => FakeTime.Advance(TimeSpan.FromSeconds(5)));

    public async ValueTask DisposeAsync()
    {
        foreach (var runner in _runners)
        {
            await runner.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        _database?.Dispose();
        if (_cleanup is not null)
        {
            await _cleanup();
        }
    }
}
