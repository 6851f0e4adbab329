namespace NvmeTcp;

/// <summary>A block device addressed in bytes; offsets and lengths must be multiples of <see cref="SectorSize"/>.</summary>
public interface IBlockDevice : IAsyncDisposable
{
    /// <summary>Bytes per logical block.</summary>
    int SectorSize { get; }

    /// <summary>Size in bytes.</summary>
    long Capacity { get; }

    Guid NamespaceUuid { get; }

    ValueTask ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct = default);

    ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken ct = default);

    ValueTask FlushAsync(CancellationToken ct = default);

    ValueTask DeallocateAsync(long offset, long length, CancellationToken ct = default);
}
