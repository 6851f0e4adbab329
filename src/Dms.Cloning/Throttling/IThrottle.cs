namespace Dms.Cloning.Throttling;

/// <summary>Paces bytes moved. The public DMS has no QoS at all; ours lets operators cap copies.</summary>
public interface IThrottle
{
    ValueTask AcquireAsync(long bytes, CancellationToken ct);
}

/// <summary>No limit.</summary>
public sealed class Unthrottled : IThrottle
{
    public static Unthrottled Instance { get; } = new();

    public ValueTask AcquireAsync(long bytes, CancellationToken ct) => ValueTask.CompletedTask;
}

/// <summary>Every byte must pass all the given throttles (a workflow's own limit and the instance-wide one).</summary>
public sealed class AllOf(params IThrottle[] throttles) : IThrottle
{
    public async ValueTask AcquireAsync(long bytes, CancellationToken ct)
    {
        foreach (var throttle in throttles)
        {
            await throttle.AcquireAsync(bytes, ct);
        }
    }
}
