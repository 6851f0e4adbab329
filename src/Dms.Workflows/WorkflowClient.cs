using System.Text.Json;

namespace Dms.Workflows;

/// <summary>
/// What the API needs from the engine: create, get, list, cancel, and the counts and checks
/// around them. Validation errors are <see cref="WorkflowRequestException"/>s ready to map to spec §1.
/// </summary>
public sealed class WorkflowClient
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 250;

    private readonly IWorkflowStore _store;
    private readonly WorkflowSignal? _signal;

    /// <param name="signal">The runners' signal: a created workflow starts without waiting for a poll.</param>
    public WorkflowClient(IWorkflowStore store, WorkflowSignal? signal = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _signal = signal;
    }

    /// <summary>Creates a PENDING workflow with <paramref name="input"/> serialized as its input JSON.</summary>
    /// <param name="resourceKeys">Shared things it uses (e.g. the ids of the clusters it touches).</param>
    public Task<WorkflowRecord> CreateAsync<TInput>(string type, TInput input, IEnumerable<string>? resourceKeys = null, CancellationToken ct = default) =>
        CreateAsync(new NewWorkflow(type, JsonSerializer.Serialize(input, WorkflowJson.Options), resourceKeys?.ToArray() ?? []), ct);

    public async Task<WorkflowRecord> CreateAsync(NewWorkflow workflow, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentException.ThrowIfNullOrWhiteSpace(workflow.Type);
        var created = await _store.CreateAsync(workflow, ct);
        _signal?.Wake();
        return created;
    }

    public Task<WorkflowRecord?> GetAsync(Guid id, CancellationToken ct = default) => _store.GetAsync(id, ct);

    /// <summary>Newest first (spec §3 List workflows).</summary>
    /// <param name="pageSize">1–250; null means 100.</param>
    /// <param name="pageToken">The previous page's NextPageToken; null or empty for the first page.</param>
    /// <param name="filter">Which states and types; null lists every workflow.</param>
    public Task<WorkflowPage> ListAsync(int? pageSize = null, string? pageToken = null, WorkflowFilter? filter = null, CancellationToken ct = default)
    {
        var size = pageSize ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            throw new WorkflowRequestException(WorkflowRequestError.InvalidArgument,
                $"pageSize must be between 1 and {MaxPageSize}, got {size}");
        }

        PageToken? after = null;
        if (!string.IsNullOrEmpty(pageToken))
        {
            if (!PageToken.TryDecode(pageToken, out var token))
            {
                throw new WorkflowRequestException(WorkflowRequestError.InvalidArgument,
                    "nextPageToken is not a token returned by a previous list call");
            }

            after = token;
        }

        return _store.ListAsync(size, after, filter ?? WorkflowFilter.None, ct);
    }

    /// <summary>
    /// Asks to cancel (spec §3 Cancel): PENDING ends CANCELED at once, RUNNING becomes CANCELING and
    /// its runner compensates; asking twice is harmless. Returns the state after the request.
    /// </summary>
    public async Task<WorkflowState> CancelAsync(Guid id, CancellationToken ct = default)
    {
        var result = await _store.RequestCancelAsync(id, ct);
        if (result.Outcome == CancelOutcome.CancelRequested)
        {
            _signal?.CancelWasAccepted(id);
        }

        return result.Outcome switch
        {
            CancelOutcome.NotFound => throw new WorkflowRequestException(WorkflowRequestError.NotFound, $"workflow {id} not found"),
            CancelOutcome.AlreadyEnded => throw new WorkflowRequestException(WorkflowRequestError.FailedPrecondition,
                $"workflow {id} is {result.State!.Value.ToWireName()}; only PENDING, RUNNING or CANCELING workflows can be canceled"),
            CancelOutcome.ResultDelivered => throw new WorkflowRequestException(WorkflowRequestError.ResultDelivered,
                $"workflow {id} has already delivered its result, which belongs to you now; canceling would not remove it"),
            _ => result.State!.Value,
        };
    }

    /// <summary>Leftovers of ended workflows the janitor still has to remove, for metrics.</summary>
    public Task<long> CountLeftoversAsync(CancellationToken ct = default) => _store.CountLeftoversAsync(ct);

    /// <summary>Workflows per state, for metrics.</summary>
    public Task<IReadOnlyDictionary<WorkflowState, long>> CountByStateAsync(CancellationToken ct = default) => _store.CountByStateAsync(ct);

    /// <summary>Workflows per type and state, for metrics.</summary>
    public Task<IReadOnlyDictionary<(string Type, WorkflowState State), long>> CountByTypeAndStateAsync(CancellationToken ct = default) => _store.CountByTypeAndStateAsync(ct);

    /// <summary>True while a workflow that has not ended uses <paramref name="resourceKey"/> (e.g. before detaching a cluster).</summary>
    public Task<bool> IsResourceInUseAsync(string resourceKey, CancellationToken ct = default) => _store.IsResourceInUseAsync(resourceKey, ct);
}
