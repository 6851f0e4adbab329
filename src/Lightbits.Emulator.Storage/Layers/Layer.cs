namespace Lightbits.Emulator.Storage.Layers;

/// <summary>
/// One copy-on-write layer: its data (chunk c at byte c·chunkSize, the same offset as in the
/// volume, so sequential I/O stays sequential) and the chunk map saying which chunks it holds. A
/// volume writes to its own top layer; taking a snapshot freezes that layer and gives the volume a
/// new empty one on top. Layers are shared by snapshots, clones and children and are deleted when
/// none of them is left. A file layer logs map changes for recovery; an in-memory one has no log.
/// </summary>
internal sealed class Layer : IDisposable
{
    private const int StripeCount = 256;

    private readonly Lock[] _stripes = CreateStripes();
    private readonly Lock _pendingLock = new();
    private readonly Lock _flushLock = new();
    private readonly ChunkMapLog? _log;
    private readonly string? _mapPath;
    private List<(long Chunk, ChunkState State)> _pending = [];

    private Layer(long id, Layer? parent, int chunkSize, ILayerData data, ChunkMap map, ChunkMapLog? log, string? mapPath)
    {
        Id = id;
        Parent = parent;
        ChunkSize = chunkSize;
        Data = data;
        Map = map;
        _log = log;
        _mapPath = mapPath;
    }

    public long Id { get; }

    public Layer? Parent { get; }

    public int ChunkSize { get; }

    public ILayerData Data { get; }

    public ChunkMap Map { get; }

    /// <summary>Snapshots and volumes owning this layer (0 or 1) plus child layers; guarded by the store's catalog lock.</summary>
    public int References { get; set; }

    public long AllocatedBytes => Map.DataChunkCount * ChunkSize;

    public static string DataFileName(long id) => $"L{id:D8}.data";

    public static string MapFileName(long id) => $"L{id:D8}.map";

    /// <summary>Opens the layer's files in <paramref name="directory"/>, creating them if missing, and replays its map.</summary>
    public static Layer Open(string directory, long id, Layer? parent, int chunkSize)
    {
        string mapPath = Path.Combine(directory, MapFileName(id));
        var map = new ChunkMap();
        var log = ChunkMapLog.Open(mapPath, map);
        if (log.RecordCount > 1024 && log.RecordCount > 2 * (map.DataChunkCount + 1))
        {
            // Deallocate/write cycles leave superseded records behind; rewrite once they dominate.
            log.Dispose();
            ChunkMapLog.Rewrite(mapPath, map);
            log = ChunkMapLog.Open(mapPath, new ChunkMap());
        }

        FileLayerData data;
        try
        {
            data = FileLayerData.Open(Path.Combine(directory, DataFileName(id)));
        }
        catch
        {
            log.Dispose();
            throw;
        }

        data.ReleaseAllBut(map.Entries().Where(e => e.State == ChunkState.Data).Select(e => e.Chunk), chunkSize);
        return new Layer(id, parent, chunkSize, data, map, log, mapPath);
    }

    /// <summary>A new, empty layer whose data lives in <paramref name="arena"/>.</summary>
    public static Layer InMemory(long id, Layer? parent, ChunkArena arena) =>
        new(id, parent, arena.ChunkSize, new MemoryLayerData(arena), new ChunkMap(), log: null, mapPath: null);

    /// <summary>The lock serialising allocation and deallocation of one chunk.</summary>
    public Lock StripeFor(long chunk) => _stripes[(int)(chunk & (StripeCount - 1))];

    /// <summary>Changes a chunk's state now; the change becomes durable at the next <see cref="Flush"/>.</summary>
    public ChunkState SetState(long chunk, ChunkState state)
    {
        var previous = Map.Set(chunk, state);
        if (previous != state && _log is not null)
        {
            lock (_pendingLock)
            {
                _pending.Add((chunk, state));
            }
        }

        return previous;
    }

    /// <summary>
    /// Makes every completed write durable: data first, then the map records that point at it, so
    /// a crash never leaves a record naming a chunk whose bytes did not reach the disk.
    /// </summary>
    public void Flush()
    {
        lock (_flushLock)
        {
            List<(long Chunk, ChunkState State)> records;
            lock (_pendingLock)
            {
                records = _pending;
                _pending = [];
            }

            Data.Flush();
            _log?.Append(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(records));
        }
    }

    /// <summary>Closes the layer and removes its data and map for good.</summary>
    public void Delete()
    {
        _log?.Dispose();
        Data.Delete();
        if (_mapPath is not null)
        {
            File.Delete(_mapPath);
        }
    }

    public void Dispose()
    {
        Data.Dispose();
        _log?.Dispose();
    }

    private static Lock[] CreateStripes()
    {
        var stripes = new Lock[StripeCount];
        for (int i = 0; i < stripes.Length; i++)
        {
            stripes[i] = new Lock();
        }

        return stripes;
    }
}
