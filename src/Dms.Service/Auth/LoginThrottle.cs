using System.Collections.Concurrent;

namespace Dms.Service.Auth;

/// <summary>
/// Failed-login limits per user name and per client address (DESIGN §8): after
/// <c>maxFailures</c> failures within <c>window</c>, further attempts get 429 until the window
/// that started with the first failure has passed. A success clears the user's count.
/// </summary>
internal sealed class LoginThrottle(int maxFailures, TimeSpan window, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Window> _failures = new(StringComparer.Ordinal);

    /// <summary>How long until <paramref name="user"/> from <paramref name="address"/> may try again; null when now.</summary>
    public TimeSpan? RetryAfter(string user, string address)
    {
        var now = time.GetUtcNow();
        TimeSpan? wait = null;
        foreach (var key in Keys(user, address))
        {
            if (_failures.TryGetValue(key, out var w) && w.Count >= maxFailures && now < w.Start + window)
            {
                var left = w.Start + window - now;
                wait = wait is null || left > wait ? left : wait;
            }
        }

        return wait;
    }

    public void RecordFailure(string user, string address)
    {
        var now = time.GetUtcNow();
        foreach (var key in Keys(user, address))
        {
            _failures.AddOrUpdate(key, _ => new Window(now, 1),
                (_, w) => now >= w.Start + window ? new Window(now, 1) : w with { Count = w.Count + 1 });
        }

        if (_failures.Count > 100_000)
        {
            Prune(now);
        }
    }

    /// <summary>Clears the user's count only: one good account must not reset an address that is guessing others.</summary>
    public void RecordSuccess(string user) => _failures.TryRemove("user:" + user, out _);

    private static string[] Keys(string user, string address) => ["user:" + user, "addr:" + address];

    /// <summary>Bounds memory under a spray of made-up user names.</summary>
    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, w) in _failures)
        {
            if (now >= w.Start + window)
            {
                _failures.TryRemove(key, out _);
            }
        }
    }

    private sealed record Window(DateTimeOffset Start, int Count);
}
