namespace Dms.Cloning.Throttling;

/// <summary>
/// A byte-rate limit as a token bucket in its "theoretical arrival time" form: each request books
/// the time its bytes take at the current rate; callers wait until their booking starts, less a
/// burst allowance. The rate can change while copies run; it applies from the next request on.
/// </summary>
public sealed class TokenBucket : IThrottle
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _burst;
    private long _bytesPerSecond;
    private long _bookedUntilTicks;

    /// <param name="bytesPerSecond">The limit; 0 or less means unlimited.</param>
    /// <param name="burst">How far ahead of the booked schedule a caller may run (absorbs jitter).</param>
    public TokenBucket(long bytesPerSecond, TimeProvider? time = null, TimeSpan? burst = null)
    {
        _time = time ?? TimeProvider.System;
        _burst = burst ?? TimeSpan.FromMilliseconds(100);
        _bytesPerSecond = bytesPerSecond;
    }

    public long BytesPerSecond
    {
        get => Interlocked.Read(ref _bytesPerSecond);
        set
        {
            lock (_lock)
            {
                _bytesPerSecond = value;
                if (value <= 0)
                {
                    _bookedUntilTicks = 0;
                }
            }
        }
    }

    public async ValueTask AcquireAsync(long bytes, CancellationToken ct)
    {
        TimeSpan wait;
        lock (_lock)
        {
            if (_bytesPerSecond <= 0)
            {
                return;
            }
            var now = _time.GetTimestamp();
            var start = Math.Max(_bookedUntilTicks, now);
            _bookedUntilTicks = start + (long)((double)bytes / _bytesPerSecond * _time.TimestampFrequency);
            wait = _time.GetElapsedTime(now, start) - _burst;
        }
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, ct);
        }
    }
}
