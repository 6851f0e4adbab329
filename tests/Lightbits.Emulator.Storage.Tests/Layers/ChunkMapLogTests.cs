using Lightbits.Emulator.Storage.Layers;
using Lightbits.Emulator.Storage.Tests.TestSupport;

namespace Lightbits.Emulator.Storage.Tests.Layers;

public sealed class ChunkMapLogTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Replay_RebuildsTheLastStateOfEveryChunk()
    {
        string path = Path.Combine(_dir.Path, "a.map");
        using (var log = ChunkMapLog.Open(path, new ChunkMap()))
        {
            log.Append([(1, ChunkState.Data), (5, ChunkState.Data), (1_000_000, ChunkState.Data)]);
            log.Append([(5, ChunkState.Zero), (1, ChunkState.Absent)]);
        }

        var map = new ChunkMap();
        using var reopened = ChunkMapLog.Open(path, map);

        Assert.Equal([(5L, ChunkState.Zero), (1_000_000L, ChunkState.Data)], map.Entries());
        Assert.Equal(1, map.DataChunkCount);
    }

    [Fact]
    public void Replay_StopsAtACorruptRecordAndCutsTheTailOff()
    {
        string path = Path.Combine(_dir.Path, "b.map");
        using (var log = ChunkMapLog.Open(path, new ChunkMap()))
        {
            log.Append([(1, ChunkState.Data), (2, ChunkState.Data), (3, ChunkState.Data)]);
        }

        var bytes = File.ReadAllBytes(path);
        bytes[ChunkMapLog.RecordSize + 3] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        var map = new ChunkMap();
        using (ChunkMapLog.Open(path, map))
        {
            Assert.Equal([(1L, ChunkState.Data)], map.Entries());
        }

        Assert.Equal(ChunkMapLog.RecordSize, new FileInfo(path).Length);
    }

    [Fact]
    public void Rewrite_KeepsOnlyLiveEntries()
    {
        string path = Path.Combine(_dir.Path, "c.map");
        var map = new ChunkMap();
        using (var log = ChunkMapLog.Open(path, map))
        {
            for (int i = 0; i < 100; i++)
            {
                log.Append([(7, ChunkState.Data), (7, ChunkState.Absent)]);
            }

            map.Set(9, ChunkState.Data);
        }

        ChunkMapLog.Rewrite(path, map);

        Assert.Equal(ChunkMapLog.RecordSize, new FileInfo(path).Length);
    }
}
