using System.Diagnostics;

namespace Common.Testing;

/// <summary>
/// The one condition wait of the tests (DESIGN §10: no sleeps as synchronisation): reads a value
/// until it satisfies a condition, or fails after a deadline saying what was awaited and the last
/// value seen. Use it for state another thread or process changes and nobody signals; a
/// <see cref="TaskCompletionSource"/> is better where the code under test can signal.
/// </summary>
public static class Poll
{
    /// <summary>Generous: on the shared 2-core test machine a healthy wait takes a fraction of it.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    // Quick conditions are seen within milliseconds; long waits (a clone over HTTP) settle at a few reads a second.
    private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Reads until <paramref name="done"/> holds for the value read, and returns that value.</summary>
    /// <param name="what">What is awaited, as the end of "waiting until …", e.g. "workflow 42 is COMPLETED".</param>
    /// <param name="timeout">Bounds the whole wait, a read that hangs included; <see cref="DefaultTimeout"/> if null.</param>
    /// <param name="betweenReads">Runs after every unsatisfied read, e.g. to move a fake clock; reads then stay 5 ms apart instead of backing off to 100 ms.</param>
    /// <param name="describe">How the last value is shown in the timeout message; ToString() if null.</param>
    /// <exception cref="TimeoutException">The deadline passed; the message names <paramref name="what"/>, the timeout and the last value.</exception>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what,
        TimeSpan? timeout = null, Action? betweenReads = null, Func<T, string>? describe = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        var interval = FirstInterval;
        var seen = "nothing: no read returned";
        while (true)
        {
            T value;
            try
            {
                // At least one interval, so the read after the last sleep gets its chance.
                value = await read().WaitAsync(Max(Remaining(limit, clock), MaxInterval));
            }
            catch (TimeoutException) when (clock.Elapsed >= limit)
            {
                throw TimedOut(what, limit, $"{seen} (the read after it did not return in time)");
            }

            if (done(value))
            {
                return value;
            }

            seen = describe is null ? value?.ToString() ?? "null" : describe(value);
            if (clock.Elapsed >= limit)
            {
                throw TimedOut(what, limit, seen);
            }

            betweenReads?.Invoke();
            await Task.Delay(Min(interval, Remaining(limit, clock)));
            // A wait that moves a fake clock progresses per read, not per real second: keep its reads quick.
            interval = betweenReads is null ? Min(interval * 2, MaxInterval) : FirstInterval;
        }
    }

    /// <summary>For a condition with nothing worth showing but true or false; prefer a value and a predicate when there is.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, Action? betweenReads = null) =>
        UntilAsync(condition, holds => holds, what, timeout, betweenReads, _ => "the condition was still false");

    /// <inheritdoc cref="UntilAsync(Func{Task{bool}}, string, TimeSpan?, Action?)"/>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null, Action? betweenReads = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout, betweenReads);

    private static TimeoutException TimedOut(string what, TimeSpan limit, string seen) =>
        new($"timed out after {limit.TotalSeconds:0.###} s waiting until {what}; last seen: {seen}");

    private static TimeSpan Remaining(TimeSpan limit, Stopwatch clock) => Max(limit - clock.Elapsed, TimeSpan.Zero);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
