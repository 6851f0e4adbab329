using NvmeTcp.Nvme;
using NvmeTcp.Target;

namespace NvmeTcp.Tests.Support;

/// <summary>
/// An in-memory namespace that lends its transfers in awkward pieces: segments of
/// <paramref name="segmentSize"/> bytes (not a divisor of a block), each at an odd offset in its own
/// array, so every PDU boundary falls somewhere inside a segment. Writes to LBAs from
/// <paramref name="fullFromLba"/> on fail their commit with Capacity Exceeded. Counts leases, so a
/// test can tell the lending path ran and gave every lease back.
/// </summary>
internal sealed class LendingNamespaceBackend(long blockCount, int blockSize, int segmentSize, long fullFromLba = long.MaxValue) : ILendingNamespaceBackend
{
    private readonly InMemoryNamespaceBackend _data = new(blockCount, blockSize);
    private readonly int _segmentSize = segmentSize;
    private readonly long _fullFromLba = fullFromLba;
    private int _outstanding;
    public int ReadsLent;
    public int WritesLent;

    public long BlockCount => _data.BlockCount;
    public int BlockSize => _data.BlockSize;
    public Guid Uuid => _data.Uuid;
    public Memory<byte> Contents => _data.Contents;
    public int OutstandingLeases => Volatile.Read(ref _outstanding);

    public ValueTask ReadAsync(long lba, Memory<byte> dst, CancellationToken ct) => _data.ReadAsync(lba, dst, ct);

    public ValueTask WriteAsync(long lba, ReadOnlyMemory<byte> src, CancellationToken ct) => _data.WriteAsync(lba, src, ct);

    public ValueTask FlushAsync(CancellationToken ct) => _data.FlushAsync(ct);

    public ValueTask DeallocateAsync(long lba, long blocks, CancellationToken ct) => _data.DeallocateAsync(lba, blocks, ct);

    public IDataLease? TryLendForRead(long lba, int bytes)
    {
        Interlocked.Increment(ref ReadsLent);
        var lease = new Lease(this, lba, bytes);
        int at = (int)(lba * BlockSize);
        foreach (var segment in lease.Segments)
        {
            _data.Contents.Span.Slice(at, segment.Count).CopyTo(segment);
            at += segment.Count;
        }

        return lease;
    }

    public IWriteLease? TryLendForWrite(long lba, int bytes)
    {
        Interlocked.Increment(ref WritesLent);
        return new Lease(this, lba, bytes);
    }

    private sealed class Lease : IWriteLease
    {
        private readonly LendingNamespaceBackend _owner;
        private readonly long _lba;
        private int _disposed;

        public Lease(LendingNamespaceBackend owner, long lba, int bytes)
        {
            _owner = owner;
            _lba = lba;
            var segments = new List<ArraySegment<byte>>();
            for (int at = 0; at < bytes; at += owner._segmentSize)
            {
                int count = Math.Min(owner._segmentSize, bytes - at);
                segments.Add(new ArraySegment<byte>(new byte[count + 10], 3, count));
            }

            Segments = segments;
            Interlocked.Increment(ref owner._outstanding);
        }

        public IReadOnlyList<ArraySegment<byte>> Segments { get; }

        public ValueTask CommitAsync(CancellationToken ct)
        {
            if (_lba >= _owner._fullFromLba)
            {
                throw new NamespaceStatusException(NvmeStatus.CapacityExceeded, "full");
            }

            int at = (int)(_lba * _owner.BlockSize);
            foreach (var segment in Segments)
            {
                segment.AsSpan().CopyTo(_owner.Contents.Span[at..]);
                at += segment.Count;
            }

            return ValueTask.CompletedTask;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref _owner._outstanding);
            }
        }
    }
}
