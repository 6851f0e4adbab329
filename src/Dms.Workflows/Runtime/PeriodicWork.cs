namespace Dms.Workflows.Runtime;

/// <summary>
/// A runner's background work (purge, cancel watch, the janitor): one round every interval until the runner
/// stops. A failed round is reported and the next one tried; once stopping, whatever the last round threw as
/// the stop landed (a store going away with us, say) no longer matters, and the loop ends quietly.
/// </summary>
internal static class PeriodicWork
{
    public static async Task RunAsync(Func<CancellationToken, Task> round, Action<Exception> failed, TimeSpan interval, TimeProvider time, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await round(ct);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    failed(ex);
                }

                await Task.Delay(interval, time, ct);
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
        }
    }
}
