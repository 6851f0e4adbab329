using NvmeTcp.Host;
using System.Net;
using System.Runtime.CompilerServices;
using Dms.Cloning.Devices;
using Dms.Workflows;
using NvmeTcp;

namespace Dms.Service.Cloning;

/// <summary>
/// A volume over NVMe/TCP as the copy engine's <see cref="IBlockDevice"/>. Its reconnect is the one
/// the engine uses (DESIGN §5 step 4): look the volume's primary node up again; the same endpoint
/// reconnects through the host's own controller reconnect, a new one (a fail-over) opens a fresh,
/// re-checked connection there. NVMe errors become <see cref="BlockDeviceException"/>s with their retryability.
/// </summary>
internal sealed class NvmeVolume(
    NvmeBlockDevice device,
    IPEndPoint endpoint,
    Func<CancellationToken, Task<VolumeLocation>> locate,
    Func<VolumeLocation, CancellationToken, Task<NvmeBlockDevice>> connect) : IBlockDevice
{
    private NvmeBlockDevice _device = device;
    private IPEndPoint _endpoint = endpoint;

    public int SectorSize => Device.SectorSize;

    public long Capacity => Device.Capacity;

    private NvmeBlockDevice Device => Volatile.Read(ref _device);

    public ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct = default) => Translated(Device.ReadAsync(offset, buffer, ct));

    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken ct = default) => Translated(Device.WriteAsync(offset, data, ct));

    public ValueTask FlushAsync(CancellationToken ct = default) => Translated(Device.FlushAsync(ct));

    public async ValueTask ReconnectAsync(CancellationToken ct = default)
    {
        try
        {
            var location = await locate(ct);
            if (location.Endpoint.Equals(_endpoint))
            {
                await Device.ReconnectAsync(ct);
                return;
            }
            // The engine reconnects only between passes, with no I/O in flight, so the swap needs no lock.
            var moved = await connect(location, ct);
            var old = Interlocked.Exchange(ref _device, moved);
            _endpoint = location.Endpoint;
            await old.DisposeAsync();
        }
        catch (NvmeException e)
        {
            throw new BlockDeviceException(e.Message, e.IsRetryable, e);
        }
        catch (WorkflowStepException e)
        {
            throw new BlockDeviceException(e.Message, e.IsRetryable, e);
        }
    }

    public ValueTask DisposeAsync() => Device.DisposeAsync();

    private static ValueTask Translated(ValueTask io) => io.IsCompletedSuccessfully ? io : TranslateAsync(io);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask TranslateAsync(ValueTask io)
    {
        try
        {
            await io;
        }
        catch (NvmeException e)
        {
            throw new BlockDeviceException(e.Message, e.IsRetryable, e);
        }
    }
}
