namespace Lightbits.Emulator.Storage.Layers;

/// <summary>
/// One chunk's bytes in RAM (a slice of one of the arena's slabs), reference-counted: the layer
/// holding it is one reference and every lease lending it for a transfer another, so a block
/// released (deallocated, overwritten by a lent write, its layer deleted) while a send still reads
/// it returns to the arena only once that send is done — it never carries another volume's bytes
/// onto the wire.
/// </summary>
internal sealed class ChunkBlock(byte[] slab, int offset, ChunkArena arena)
{
    private int _references = 1;

    public Span<byte> Span => slab.AsSpan(offset, arena.ChunkSize);

    /// <summary>The whole chunk, for sockets to send from or receive into in place (the slab is pinned).</summary>
    public ArraySegment<byte> Whole => new(slab, offset, arena.ChunkSize);

    public void AddReference() => Interlocked.Increment(ref _references);

    /// <summary>Drops one reference; the last one gives the block back to the arena.</summary>
    public void Release()
    {
        int left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            arena.Return(this);
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("A chunk block was released more often than referenced.");
        }
    }

    /// <summary>Called by the arena when it hands the block out again: one reference, the renter's.</summary>
    public void Revive() => Volatile.Write(ref _references, 1);
}
