using Dms.Cloning.Copy;

namespace Dms.Cloning.Devices;

/// <summary>
/// One device call with stall detection (an I/O that does not finish within the stall timeout is
/// abandoned, like YARP's activity timeout) and errors told apart by side and retryability.
/// </summary>
internal static class DeviceIo
{
    public static async ValueTask RunAsync(Func<CancellationToken, ValueTask> io, CopySide side, long offset, CopyOptions options, CancellationToken ct)
    {
        using var stall = new CancellationTokenSource(options.StallTimeout, options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, stall.Token);
        try
        {
            await io(linked.Token);
        }
        catch (OperationCanceledException) when (stall.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new CopyException(side, offset, isRetryable: true,
                $"{Describe(side)} made no progress for {options.StallTimeout.TotalSeconds:0} s at offset {offset}");
        }
        catch (BlockDeviceException e)
        {
            throw new CopyException(side, offset, e.IsRetryable, $"{Describe(side)} failed at offset {offset}: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            throw new CopyException(side, offset, isRetryable: true, $"{Describe(side)} connection lost at offset {offset}: {e.Message}", e);
        }
    }

    private static string Describe(CopySide side) => side == CopySide.Source ? "reading the source" : "writing the destination";
}
