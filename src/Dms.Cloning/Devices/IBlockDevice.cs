namespace Dms.Cloning.Devices;

/// <summary>
/// A volume as the copy engine sees it: bytes at offsets that are multiples of <see cref="SectorSize"/>.
/// The engine owns this abstraction so that it knows nothing of NVMe/TCP; the host adapts its transport.
/// A failed call throws <see cref="BlockDeviceException"/> (or an <see cref="IOException"/> for a lost connection).
/// </summary>
public interface IBlockDevice : IAsyncDisposable
{
    /// <summary>Bytes per logical block.</summary>
    int SectorSize { get; }

    /// <summary>Size in bytes.</summary>
    long Capacity { get; }

    ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct = default);

    ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken ct = default);

    ValueTask FlushAsync(CancellationToken ct = default);

    /// <summary>
    /// Re-establishes the path after a lost connection or a stall: the one reconnect the engine asks for
    /// (DESIGN §6). An implementation follows the volume where it now lives (a fail-over moves it).
    /// </summary>
    ValueTask ReconnectAsync(CancellationToken ct = default);
}
