using Dms.Cloning.Devices;

namespace Dms.Cloning.Copy;

/// <summary>
/// The copy engine's one reconnect policy (DESIGN §6): a pass that fails in a way worth retrying
/// reconnects the side that failed (through the device's own reconnect, which follows the volume to
/// its current primary) and runs again from where it stood. It gives up after
/// <see cref="CopyOptions.ReconnectAttempts"/> failures in a row without progress; the workflow's own
/// retry takes over from there.
/// </summary>
internal sealed class ReconnectPolicy(IBlockDevice source, IBlockDevice destination, CopyOptions options, ICopyMetrics? metrics = null)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(15);

    /// <param name="pass">One attempt; runs again after a reconnect.</param>
    /// <param name="position">How far the work got: a pass that moved it resets the count of failures.</param>
    public async Task RunAsync(Func<CancellationToken, Task> pass, Func<long> position, CancellationToken ct)
    {
        var failures = 0;
        var reached = position();
        while (true)
        {
            try
            {
                await pass(ct);
                return;
            }
            catch (CopyException e) when (e.IsRetryable && !ct.IsCancellationRequested)
            {
                if (position() > reached)
                {
                    reached = position();
                    failures = 0;
                }
                if (++failures > options.ReconnectAttempts)
                {
                    throw;
                }
                // At once the first time (a dropped connection usually comes straight back), then backing off.
                if (failures > 1)
                {
                    var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << (failures - 2)));
                    await Task.Delay(backoff, options.Time, ct);
                }
                await ReconnectAsync(e, ct);
            }
        }
    }

    private async Task ReconnectAsync(CopyException failure, CancellationToken ct)
    {
        var device = failure.Side == CopySide.Source ? source : destination;
        metrics?.CountReconnect(failure.Side);
        try
        {
            await DeviceIo.RunAsync(c => device.ReconnectAsync(c), failure.Side, failure.Offset, options, ct);
        }
        catch (CopyException again) when (again.IsRetryable)
        {
            // Still unreachable: the next pass fails at once and counts as the next failure.
        }
    }
}
