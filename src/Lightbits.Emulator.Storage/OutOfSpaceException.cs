namespace Lightbits.Emulator.Storage;

/// <summary>
/// A write needed new space beyond the store's capacity; the chunk that did not fit was left as
/// it was. The NVMe layer answers it with "capacity exceeded".
/// </summary>
public sealed class OutOfSpaceException(long capacityBytes, long usedBytes, long neededBytes)
    : BlockStoreException(
        BlockStoreError.OutOfSpace,
        $"The block store is out of space: {usedBytes} of {capacityBytes} bytes used, {neededBytes} more needed.")
{
    public long CapacityBytes { get; } = capacityBytes;

    public long UsedBytes { get; } = usedBytes;
}
