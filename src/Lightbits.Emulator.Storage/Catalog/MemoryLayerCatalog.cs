using Lightbits.Emulator.Storage.Layers;

namespace Lightbits.Emulator.Storage.Catalog;

/// <summary>Layers in this process's memory (lbemu <c>--storage memory</c>): nothing to save, the graph lives as long as the store.</summary>
internal sealed class MemoryLayerCatalog(int chunkSize) : ILayerCatalog
{
    private readonly ChunkArena _arena = new(chunkSize);

    public int ChunkSize => _arena.ChunkSize;

    public Layer CreateLayer(long id, Layer? parent) => Layer.InMemory(id, parent, _arena);

    public void Save(long nextLayerId, IEnumerable<Layer> layers, IEnumerable<Volume> volumes, IEnumerable<Snapshot> snapshots)
    {
    }
}
