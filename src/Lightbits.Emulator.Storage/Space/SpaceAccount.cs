namespace Lightbits.Emulator.Storage.Space;

/// <summary>
/// Bytes physically allocated by the whole store, checked against the optional capacity before
/// any write that needs a new chunk.
/// </summary>
internal sealed class SpaceAccount(long? capacityBytes)
{
    private long _usedBytes;

    public long? CapacityBytes { get; } = capacityBytes;

    public long UsedBytes => Volatile.Read(ref _usedBytes);

    /// <summary>Takes <paramref name="bytes"/> of the capacity or throws <see cref="OutOfSpaceException"/>.</summary>
    public void Reserve(long bytes)
    {
        if (CapacityBytes is not { } capacity)
        {
            Interlocked.Add(ref _usedBytes, bytes);
            return;
        }

        long used = Volatile.Read(ref _usedBytes);
        while (true)
        {
            if (used + bytes > capacity)
            {
                throw new OutOfSpaceException(capacity, used, bytes);
            }

            long seen = Interlocked.CompareExchange(ref _usedBytes, used + bytes, used);
            if (seen == used)
            {
                return;
            }

            used = seen;
        }
    }

    /// <summary>Counts space found on disk at open, even beyond the capacity (it was allowed then).</summary>
    public void AddExisting(long bytes) => Interlocked.Add(ref _usedBytes, bytes);

    public void Release(long bytes) => Interlocked.Add(ref _usedBytes, -bytes);
}
