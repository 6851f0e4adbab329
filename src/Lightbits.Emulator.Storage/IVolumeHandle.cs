namespace Lightbits.Emulator.Storage;

/// <summary>
/// Block I/O on one volume; safe to use from many connections at once. Offsets and lengths are
/// bytes and must be multiples of <see cref="SectorSize"/> and within <see cref="SizeBytes"/>
/// (<see cref="ArgumentException"/> naming the parameter otherwise). The work is positioned file
/// I/O done on the calling thread — on Linux the runtime's async file I/O would only hop to the
/// thread pool — so the async methods complete synchronously.
/// </summary>
public interface IVolumeHandle
{
    Guid Id { get; }

    long SizeBytes { get; }

    int SectorSize { get; }

    /// <summary>Bytes this volume's own layer holds on disk (blocks shared with its source snapshot excluded).</summary>
    long AllocatedBytes { get; }

    /// <summary>Reads; never-written and deallocated blocks read as zeros.</summary>
    void Read(long offset, Span<byte> destination);

    /// <summary>Writes; throws <see cref="OutOfSpaceException"/> when new space would exceed the store's capacity.</summary>
    void Write(long offset, ReadOnlySpan<byte> source);

    ValueTask ReadAsync(long offset, Memory<byte> destination, CancellationToken cancellationToken = default);

    ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lends the memory holding [offset, offset + length) so a transfer can send it without copying
    /// it out; null when the store keeps data in files (use <see cref="ReadAsync"/>).
    /// </summary>
    VolumeReadLease? TryLendForRead(long offset, int length);

    /// <summary>
    /// Fresh memory to receive a write of [offset, offset + length) into before committing it; null
    /// unless the range is whole chunks of a store that keeps data in memory (use <see cref="WriteAsync"/>).
    /// </summary>
    VolumeWriteLease? TryLendForWrite(long offset, int length);

    /// <summary>Deallocates (NVMe Dataset Management / Write Zeroes): the range reads zeros afterwards and whole chunks free their space.</summary>
    ValueTask DeallocateAsync(long offset, long length, CancellationToken cancellationToken = default);

    /// <summary>Makes every write completed before the call durable, even if the process is killed right after.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken = default);
}
