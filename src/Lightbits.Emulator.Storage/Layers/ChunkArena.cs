using System.Collections.Concurrent;

namespace Lightbits.Emulator.Storage.Layers;

/// <summary>
/// The RAM of an in-memory store, in chunk-sized blocks carved from large pinned slabs (so sockets
/// can send from and receive into them in place). Two costs of this VM shape it:
/// <list type="bullet">
/// <item>Blocks freed by deleted or deallocated chunks are kept for the next write instead of going
/// back to the system: a page touched for the first time costs a host fault here (ext4 page-cache
/// writes into fresh pages measured 0.9–2.9 CPU s/GiB, against ≈ 0.1 s/GiB for a copy into a reused
/// block), so a store that recycles keeps repeated benchmark runs about DMS, not the VM.</item>
/// <item>Slabs ask for transparent huge pages: streaming gigabytes through 4 KiB pages costs a TLB
/// walk per page inside the socket copies (bench/Dms.Clone.Bench/README.md has the numbers).</item>
/// </list>
/// </summary>
internal sealed class ChunkArena
{
    private const int SlabBytes = 32 << 20;

    private readonly ConcurrentBag<ChunkBlock> _free = [];
    private readonly Lock _carveLock = new();
    private readonly Lazy<byte[]> _zeros;
    private readonly int _blocksPerSlab;
    private byte[]? _slab;
    private int _slabStart;
    private int _carved;

    public ChunkArena(int chunkSize)
    {
        ChunkSize = chunkSize;
        _blocksPerSlab = Math.Max(1, SlabBytes / chunkSize);
        _zeros = new(() => GC.AllocateArray<byte>(chunkSize, pinned: true));
    }

    public int ChunkSize { get; }

    /// <summary>A chunk of zeros to lend for reads of unwritten chunks; nobody writes into it.</summary>
    public byte[] Zeros => _zeros.Value;

    /// <summary>A block with unspecified contents (the caller overwrites all of it) and one reference, the caller's.</summary>
    public ChunkBlock Rent()
    {
        if (_free.TryTake(out var block))
        {
            block.Revive();
            return block;
        }

        lock (_carveLock)
        {
            if (_slab is null || _carved == _blocksPerSlab)
            {
                (_slab, _slabStart) = HugePages.AllocatePinned((long)_blocksPerSlab * ChunkSize);
                _carved = 0;
            }

            return new ChunkBlock(_slab, _slabStart + (_carved++ * ChunkSize), this);
        }
    }

    public void Return(ChunkBlock block) => _free.Add(block);
}
