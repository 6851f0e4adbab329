namespace NvmeTcp.Target;

/// <summary>
/// A namespace backend that can lend the target its own memory for a transfer: the target sends a
/// read's C2HData straight out of it and receives a write's H2CData straight into it, so a byte
/// crosses user space without the extra copy between the backend and a transfer buffer. Lending is
/// an offer per command: a backend returns null where it cannot (e.g. data on disk, a write that
/// does not cover whole storage blocks) and the target falls back to <see cref="INamespaceBackend"/>.
/// </summary>
public interface ILendingNamespaceBackend : INamespaceBackend
{
    /// <summary>
    /// The <paramref name="bytes"/> bytes at <paramref name="lba"/>, in order, as memory the backend
    /// keeps unchanged for this read until the lease is disposed; null to decline.
    /// </summary>
    IDataLease? TryLendForRead(long lba, int bytes);

    /// <summary>
    /// Memory to receive the <paramref name="bytes"/> bytes of a write at <paramref name="lba"/> into;
    /// none of it is visible until <see cref="IWriteLease.CommitAsync"/>; null to decline.
    /// </summary>
    IWriteLease? TryLendForWrite(long lba, int bytes);
}

/// <summary>Memory lent for one transfer; disposing gives it back.</summary>
public interface IDataLease : IDisposable
{
    /// <summary>The transfer's bytes in order; their counts add up to the transfer length.</summary>
    IReadOnlyList<ArraySegment<byte>> Segments { get; }
}

/// <summary>Memory a write's data is received into. Disposed without a commit, the write never happened.</summary>
public interface IWriteLease : IDataLease
{
    /// <summary>Makes the received bytes the namespace's data, as <see cref="INamespaceBackend.WriteAsync"/> would.</summary>
    ValueTask CommitAsync(CancellationToken ct);
}
