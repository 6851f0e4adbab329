using System.Runtime.InteropServices;
using Lightbits.Emulator.Storage.Layers;

namespace Lightbits.Emulator.Storage.Tests.Layers;

public sealed class ChunkArenaTests
{
    private const int Chunk = 64 * 1024;

    [Fact]
    public void Block_GoesBackToTheArena_OnlyWhenItsLastReferenceIsReleased()
    {
        var arena = new ChunkArena(Chunk);
        var block = arena.Rent();
        block.AddReference(); // a lease

        block.Release(); // the layer lets go
        var other = arena.Rent();
        Assert.NotSame(block, other);

        block.Release(); // the lease ends
        Assert.Same(block, arena.Rent());
        Assert.Throws<InvalidOperationException>(() =>
        {
            block.Release();
            block.Release();
        });
    }

    [Fact]
    public void Blocks_AreWholeChunksOfOneSlab_StartingOnAHugePageBoundary()
    {
        var arena = new ChunkArena(Chunk);
        var first = arena.Rent().Whole;
        var second = arena.Rent().Whole;

        Assert.Equal(Chunk, first.Count);
        Assert.Same(first.Array, second.Array);
        Assert.Equal(first.Offset + Chunk, second.Offset);
        Assert.Equal(0, Marshal.UnsafeAddrOfPinnedArrayElement(first.Array!, first.Offset) % (2 << 20));
    }
}
