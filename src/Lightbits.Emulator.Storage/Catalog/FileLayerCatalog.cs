using Lightbits.Emulator.Storage.Layers;

namespace Lightbits.Emulator.Storage.Catalog;

/// <summary>
/// Layers as files in a data directory: <c>catalog.json</c> (layers, volumes, snapshots; see
/// <see cref="CatalogFile"/>) and, per layer, <c>layers/L{id}.data</c> and <c>layers/L{id}.map</c>.
/// </summary>
internal sealed class FileLayerCatalog : ILayerCatalog
{
    private const string LayerDirectoryName = "layers";

    private readonly string _directory;
    private readonly string _layerDirectory;

    private FileLayerCatalog(string directory, CatalogDocument? saved, int chunkSize)
    {
        _directory = directory;
        _layerDirectory = Path.Combine(directory, LayerDirectoryName);
        Saved = saved;
        ChunkSize = chunkSize;
    }

    /// <summary>What the last run made durable; null for a new data directory.</summary>
    public CatalogDocument? Saved { get; }

    /// <summary>The saved chunk size, or the requested one for a new store.</summary>
    public int ChunkSize { get; }

    /// <summary>Reads the catalog of <paramref name="directory"/>, creating the directory if missing.</summary>
    public static FileLayerCatalog Open(string directory, int requestedChunkSize)
    {
        Directory.CreateDirectory(Path.Combine(directory, LayerDirectoryName));
        CatalogDocument? saved = CatalogFile.Load(directory);
        return new FileLayerCatalog(directory, saved, saved?.ChunkSize ?? requestedChunkSize);
    }

    public Layer CreateLayer(long id, Layer? parent)
    {
        foreach (string name in new[] { Layer.DataFileName(id), Layer.MapFileName(id) })
        {
            File.Delete(Path.Combine(_layerDirectory, name));
        }

        return Layer.Open(_layerDirectory, id, parent, ChunkSize);
    }

    /// <summary>Reopens a layer named in <see cref="Saved"/> with the data and map it had.</summary>
    public Layer OpenSavedLayer(long id, Layer? parent) => Layer.Open(_layerDirectory, id, parent, ChunkSize);

    public void Save(long nextLayerId, IEnumerable<Layer> layers, IEnumerable<Volume> volumes, IEnumerable<Snapshot> snapshots)
    {
        var document = new CatalogDocument(
            CatalogDocument.CurrentFormatVersion,
            ChunkSize,
            nextLayerId,
            [.. layers.OrderBy(l => l.Id).Select(l => new LayerRecord(l.Id, l.Parent?.Id))],
            [.. volumes.Select(v => new VolumeRecord(v.Id, v.SizeBytes, v.SectorSize, v.Top.Id, v.SourceSnapshotId))],
            [.. snapshots.Select(s => new SnapshotRecord(s.Id, s.VolumeId, s.SizeBytes, s.SectorSize, s.Layer.Id))]);
        CatalogFile.Save(_directory, document);
    }

    /// <summary>Deletes layer files the catalog does not name: layers created just before a crash, before the catalog naming them was saved.</summary>
    public void RemoveOrphanFiles(IEnumerable<long> knownLayerIds)
    {
        var known = new HashSet<string>(knownLayerIds.SelectMany(id => new[] { Layer.DataFileName(id), Layer.MapFileName(id) }), StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(_layerDirectory))
        {
            if (!known.Contains(Path.GetFileName(path)))
            {
                File.Delete(path);
            }
        }
    }
}
