using Lightbits.Emulator.Storage.Layers;

namespace Lightbits.Emulator.Storage.Catalog;

/// <summary>
/// Where a <see cref="BlockStore"/>'s layers live and how its layer graph is kept: files in a data
/// directory (<see cref="FileLayerCatalog"/>) or this process's memory (<see cref="MemoryLayerCatalog"/>).
/// The store owns the graph itself (who references which layer); a catalog only stores it.
/// </summary>
internal interface ILayerCatalog
{
    /// <summary>The copy-on-write and allocation unit of every layer.</summary>
    int ChunkSize { get; }

    /// <summary>A new, empty layer on top of <paramref name="parent"/>.</summary>
    Layer CreateLayer(long id, Layer? parent);

    /// <summary>Records the whole graph so that a restart finds it; called after every metadata change.</summary>
    void Save(long nextLayerId, IEnumerable<Layer> layers, IEnumerable<Volume> volumes, IEnumerable<Snapshot> snapshots);
}
