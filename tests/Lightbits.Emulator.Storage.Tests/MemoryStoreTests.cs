using Lightbits.Emulator.Storage.Tests.TestSupport;

namespace Lightbits.Emulator.Storage.Tests;

/// <summary>What only the in-memory store can get wrong: blocks it recycles between volumes.</summary>
public sealed class MemoryStoreTests
{
    private const int Chunk = 64 * 1024;

    [Fact]
    public async Task BlocksOfADeletedVolume_AreReused_AndNothingOfItShowsInTheNextVolume()
    {
        using var store = BlockStore.CreateInMemory();
        var first = Guid.NewGuid();
        var old = store.CreateVolume(first, 16 * Chunk, 512);
        await old.WriteAsync(0, Bytes.Filled(0xAA, 16 * Chunk));
        store.DeleteVolume(first);
        Assert.Equal(0, store.AllocatedBytes);

        var next = store.CreateVolume(Guid.NewGuid(), 16 * Chunk, 512);
        await next.WriteAsync(Chunk + 512, Bytes.Filled(0x55, 512));
        await next.WriteAsync(3 * Chunk, Bytes.Filled(0x66, Chunk));

        var expected = new byte[16 * Chunk];
        Array.Fill(expected, (byte)0x55, Chunk + 512, 512);
        Array.Fill(expected, (byte)0x66, 3 * Chunk, Chunk);
        Assert.Equal(expected, Bytes.Read(next, 0, 16 * Chunk));
        Assert.Equal(2 * Chunk, store.AllocatedBytes);
    }
}
