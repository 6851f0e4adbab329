namespace NvmeTcp.Target;

/// <summary>
/// Storage behind one namespace; the emulator implements it over its block store. Buffers are exactly
/// <c>blocks × BlockSize</c> bytes. Calls may run concurrently.
/// </summary>
public interface INamespaceBackend
{
    long BlockCount { get; }
    int BlockSize { get; }
    Guid Uuid { get; }

    ValueTask ReadAsync(long lba, Memory<byte> dst, CancellationToken ct);

    ValueTask WriteAsync(long lba, ReadOnlyMemory<byte> src, CancellationToken ct);

    ValueTask FlushAsync(CancellationToken ct);

    ValueTask DeallocateAsync(long lba, long blocks, CancellationToken ct);
}
