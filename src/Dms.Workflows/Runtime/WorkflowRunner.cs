using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dms.Workflows.Runtime;

/// <summary>
/// Claims runnable workflows from the store and runs them, up to the configured concurrency;
/// also purges ended workflows past retention. Host it with <see cref="Start"/>/<see cref="StopAsync"/>
/// or await <see cref="RunAsync"/> from a BackgroundService. Several runners (in one process or many)
/// may share a store: claims and leases keep each workflow with one runner at a time.
/// </summary>
public sealed class WorkflowRunner : IAsyncDisposable
{
    private readonly IWorkflowStore _store;
    private readonly Dictionary<string, WorkflowDefinition> _definitions;
    private readonly WorkflowRunnerOptions _options;
    private readonly WorkflowSignal _signal;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Guid, Task> _running = new();
    private readonly ConcurrentDictionary<Guid, WorkflowExecution> _executions = new();
    private readonly Lock _lifecycle = new();
    private CancellationTokenSource? _stop;
    private Task? _runTask;

    /// <param name="signal">Share it with the <see cref="WorkflowClient"/> so new workflows start without waiting for a poll.</param>
    public WorkflowRunner(
        IWorkflowStore store,
        IEnumerable<WorkflowDefinition> definitions,
        WorkflowRunnerOptions? options = null,
        WorkflowSignal? signal = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(definitions);
        _store = store;
        _definitions = new Dictionary<string, WorkflowDefinition>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            if (!_definitions.TryAdd(definition.Type, definition))
            {
                throw new ArgumentException($"workflow type '{definition.Type}' is defined twice", nameof(definitions));
            }
        }

        _options = options ?? new WorkflowRunnerOptions();
        _options.Validate();
        _signal = signal ?? new WorkflowSignal();
        _time = timeProvider ?? TimeProvider.System;
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<WorkflowRunner>();
        _signal.CancelAccepted += InterruptCanceled;
    }

    public string InstanceId => _options.InstanceId;

    /// <summary>Workflows this runner is executing right now.</summary>
    public int RunningCount => _running.Count;

    /// <summary>Starts <see cref="RunAsync"/> in the background.</summary>
    public void Start()
    {
        lock (_lifecycle)
        {
            if (_runTask is not null)
            {
                throw new InvalidOperationException("the workflow runner is already started");
            }

            _stop = new CancellationTokenSource();
            var token = _stop.Token;
            _runTask = Task.Run(() => RunAsync(token), CancellationToken.None);
        }
    }

    /// <summary>
    /// Stops claiming, cancels running steps and hands their workflows back (they resume on the
    /// next start or on another instance). Waits for that unless <paramref name="ct"/> fires first.
    /// </summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        Task? run;
        lock (_lifecycle)
        {
            run = _runTask;
            _stop?.Cancel();
        }

        if (run is not null)
        {
            await run.WaitAsync(ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _signal.CancelAccepted -= InterruptCanceled;
        _stop?.Dispose();
    }

    /// <summary>Runs until <paramref name="ct"/> is cancelled; returns after every running workflow was handed back.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        _logger.LogInformation("Workflow runner {InstanceId} started: {Types}", InstanceId, string.Join(", ", _definitions.Keys));
        var purge = PurgeLoopAsync(ct);
        var cancels = CancelWatchLoopAsync(ct);
        var janitor = new LeftoverJanitor(_store, _definitions, _options, _time, _loggers).RunAsync(ct);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                // Taken before looking for work, so a wake-up that arrives during the claim is not lost.
                var wake = _signal.NextAsync();
                await ClaimWhileCapacityAsync(ct);
                try
                {
                    await wake.WaitAsync(_options.PollInterval, _time, ct);
                }
                catch (TimeoutException)
                {
                }
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // Stopping: whatever the last call threw as the stop landed (a store going away with us, say) no longer matters.
        }
        finally
        {
            await Task.WhenAll(_running.Values);
            await Task.WhenAll(purge, cancels, janitor);
            _logger.LogInformation("Workflow runner {InstanceId} stopped", InstanceId);
        }
    }

    private async Task ClaimWhileCapacityAsync(CancellationToken ct)
    {
        while (_running.Count < _options.MaxConcurrentWorkflows && !ct.IsCancellationRequested)
        {
            var leaseToken = Guid.NewGuid();
            // The lease runs from when the store executes the claim, so counting from before sending it is safe for fencing.
            var claimSentAt = _time.GetTimestamp();
            WorkflowRecord? claimed;
            try
            {
                claimed = await _store.TryClaimAsync(
                    new ClaimRequest(InstanceId, leaseToken, _options.LeaseDuration, _options.MaxConcurrentWorkflows, _options.MaxConcurrentPerResource), ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                _logger.LogError(ex, "Workflow runner {InstanceId} could not claim work; retrying at the next poll", InstanceId);
                return;
            }

            if (claimed is null)
            {
                return;
            }

            // Registered before it runs, so its own removal can never come first. Keyed by lease
            // token: the same workflow may be claimed again here after this claim's lease lapsed.
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _running[leaseToken] = ExecuteAsync(gate.Task, claimed, leaseToken, claimSentAt, ct);
            gate.SetResult();
        }
    }

    private async Task ExecuteAsync(Task gate, WorkflowRecord claimed, Guid leaseToken, long claimSentAt, CancellationToken ct)
    {
        await gate;
        try
        {
            if (!_definitions.TryGetValue(claimed.Type, out var definition))
            {
                _logger.LogError("Workflow {WorkflowId} has unknown type {WorkflowType}; failing it", claimed.Id, claimed.Type);
                await _store.FinishAsync(claimed.Id, leaseToken, WorkflowState.Failed,
                    $"no definition is registered for workflow type '{claimed.Type}'", null, claimed.Journal,
                    claimed.Progress with { Stage = "failed" }, ct: CancellationToken.None);
                return;
            }

            using var execution = new WorkflowExecution(_store, definition, claimed, leaseToken, claimSentAt, _options, _time, _loggers, ct);
            _executions[claimed.Id] = execution;
            try
            {
                await execution.RunAsync();
            }
            finally
            {
                _executions.TryRemove(new KeyValuePair<Guid, WorkflowExecution>(claimed.Id, execution));
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Workflow {WorkflowId} execution crashed; it resumes when its lease expires", claimed.Id);
        }
        finally
        {
            _running.TryRemove(leaseToken, out _);
            if (!ct.IsCancellationRequested)
            {
                // Capacity freed: look for more work now rather than at the next poll.
                _signal.Wake();
            }
        }
    }

    private void InterruptCanceled(Guid workflowId)
    {
        if (_executions.TryGetValue(workflowId, out var execution))
        {
            execution.RequestCancel();
        }
    }

    /// <summary>A cancel accepted by another instance reaches the workflow here within a poll interval.</summary>
    private Task CancelWatchLoopAsync(CancellationToken ct) => PeriodicWork.RunAsync(
        async token =>
        {
            if (_executions.IsEmpty)
            {
                return;
            }

            foreach (var id in await _store.ListCancelRequestedAsync(InstanceId, token))
            {
                InterruptCanceled(id);
            }
        },
        ex => _logger.LogWarning(ex, "Workflow runner {InstanceId} could not look for canceled workflows; the heartbeat still finds them", InstanceId),
        _options.CancelPollInterval, _time, ct);

    private Task PurgeLoopAsync(CancellationToken ct) => PeriodicWork.RunAsync(
        async token =>
        {
            var purged = await _store.PurgeEndedAsync(_time.GetUtcNow() - _options.Retention, token);
            if (purged > 0)
            {
                _logger.LogInformation("Purged {Count} workflows ended more than {Retention} ago", purged, _options.Retention);
            }
        },
        ex => _logger.LogWarning(ex, "Purging ended workflows failed; retrying in {Interval}", _options.PurgeInterval),
        _options.PurgeInterval, _time, ct);
}
