using System.Collections.Concurrent;

namespace Dms.Cloning.Throttling;

/// <summary>
/// The bandwidth limits of running copies: one bucket all copies share and one per workflow. New
/// limits (a dms.yaml edit) apply to copies already running, from their next I/O on.
/// </summary>
public sealed class CopyThrottles(TimeProvider time)
{
    private readonly TokenBucket _global = new(0, time);
    private readonly ConcurrentDictionary<Guid, TokenBucket> _perWorkflow = new();
    private long _workflowBandwidth;

    public long MaxBandwidth => _global.BytesPerSecond;

    public long WorkflowBandwidth => Interlocked.Read(ref _workflowBandwidth);

    public void Apply(long maxBandwidth, long workflowBandwidth)
    {
        _global.BytesPerSecond = maxBandwidth;
        Interlocked.Exchange(ref _workflowBandwidth, workflowBandwidth);
        foreach (var bucket in _perWorkflow.Values)
        {
            bucket.BytesPerSecond = workflowBandwidth;
        }
    }

    public IThrottle For(Guid workflowId) =>
        new AllOf(_perWorkflow.GetOrAdd(workflowId, _ => new TokenBucket(WorkflowBandwidth, time)), _global);

    public void Release(Guid workflowId) => _perWorkflow.TryRemove(workflowId, out _);
}
