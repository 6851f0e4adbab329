using System.Diagnostics;

namespace Dms.Workflows.Tests;

/// <summary>Condition waits: poll a condition (optionally moving fake time) until it holds or a generous timeout.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, Action? whilePolling = null, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > (timeout ?? DefaultTimeout))
            {
                throw new TimeoutException($"timed out waiting until {what}");
            }

            whilePolling?.Invoke();
            await Task.Delay(5);
        }
    }

    public static Task WaitUntilAsync(Func<bool> condition, string what, Action? whilePolling = null, TimeSpan? timeout = null) =>
        WaitUntilAsync(() => Task.FromResult(condition()), what, whilePolling, timeout);

    public static async Task WithTimeout(this Task task, string what)
    {
        try
        {
            await task.WaitAsync(DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"timed out waiting until {what}");
        }
    }
}
