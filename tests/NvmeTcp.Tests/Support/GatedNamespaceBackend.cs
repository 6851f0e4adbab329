using NvmeTcp.Target;

namespace NvmeTcp.Tests.Support;

/// <summary>Wraps a backend so a test can hold reads at the target and know when one has arrived.</summary>
internal sealed class GatedNamespaceBackend(INamespaceBackend inner) : INamespaceBackend
{
    public TaskCompletionSource ReadArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource ReleaseReads { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public int Writes;

    public long BlockCount => inner.BlockCount;
    public int BlockSize => inner.BlockSize;
    public Guid Uuid => inner.Uuid;

    public async ValueTask ReadAsync(long lba, Memory<byte> dst, CancellationToken ct)
    {
        ReadArrived.TrySetResult();
        await ReleaseReads.Task.WaitAsync(ct);
        await inner.ReadAsync(lba, dst, ct);
    }

    public ValueTask WriteAsync(long lba, ReadOnlyMemory<byte> src, CancellationToken ct)
    {
        Interlocked.Increment(ref Writes);
        return inner.WriteAsync(lba, src, ct);
    }

    public ValueTask FlushAsync(CancellationToken ct) => inner.FlushAsync(ct);

    public ValueTask DeallocateAsync(long lba, long blocks, CancellationToken ct) => inner.DeallocateAsync(lba, blocks, ct);
}
