using Lightbits.Emulator.Storage.Catalog;
using Lightbits.Emulator.Storage.Layers;
using Lightbits.Emulator.Storage.Tests.TestSupport;

namespace Lightbits.Emulator.Storage.Tests.Catalog;

public sealed class FileLayerCatalogTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Open_NewDirectory_HasNothingSavedAndTheRequestedChunkSize()
    {
        var catalog = FileLayerCatalog.Open(_dir.Path, 8192);

        Assert.Null(catalog.Saved);
        Assert.Equal(8192, catalog.ChunkSize);
    }

    [Fact]
    public void Save_ThenOpen_FindsTheLayerGraphAndKeepsTheSavedChunkSize()
    {
        var catalog = FileLayerCatalog.Open(_dir.Path, 8192);
        using (Layer root = catalog.CreateLayer(1, parent: null))
        using (Layer child = catalog.CreateLayer(2, root))
        {
            catalog.Save(3, [root, child], [], []);
        }

        var reopened = FileLayerCatalog.Open(_dir.Path, 65536);

        Assert.Equal(8192, reopened.ChunkSize);
        Assert.Equal(3, reopened.Saved!.NextLayerId);
        Assert.Equal([new LayerRecord(1, null), new LayerRecord(2, 1)], reopened.Saved.Layers);
    }

    [Fact]
    public void RemoveOrphanFiles_DeletesOnlyLayersTheCatalogDoesNotName()
    {
        var catalog = FileLayerCatalog.Open(_dir.Path, 8192);
        catalog.CreateLayer(1, parent: null).Dispose();
        catalog.CreateLayer(2, parent: null).Dispose();

        catalog.RemoveOrphanFiles([1]);

        string[] left = [.. Directory.EnumerateFiles(Path.Combine(_dir.Path, "layers")).Select(Path.GetFileName).Order()!];
        Assert.Equal([Layer.DataFileName(1), Layer.MapFileName(1)], left);
    }
}
