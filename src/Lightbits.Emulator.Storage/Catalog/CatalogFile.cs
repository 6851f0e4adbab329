using System.Text.Json;

namespace Lightbits.Emulator.Storage.Catalog;

/// <summary>
/// catalog.json in the data directory, replaced atomically: written to a temporary file,
/// flushed, then renamed over the old one, so a crash leaves either the old or the new catalog.
/// </summary>
internal static class CatalogFile
{
    public const string FileName = "catalog.json";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static CatalogDocument? Load(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var document = JsonSerializer.Deserialize<CatalogDocument>(File.ReadAllBytes(path), Options)
            ?? throw new InvalidDataException($"{path} is empty.");
        if (document.FormatVersion != CatalogDocument.CurrentFormatVersion)
        {
            throw new InvalidDataException($"{path} has format version {document.FormatVersion}; this build reads {CatalogDocument.CurrentFormatVersion}.");
        }

        return document;
    }

    public static void Save(string directory, CatalogDocument document)
    {
        string path = Path.Combine(directory, FileName);
        string temp = path + ".tmp";
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(document, Options);
        using (var file = File.OpenHandle(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            RandomAccess.Write(file, bytes, 0);
            RandomAccess.FlushToDisk(file);
        }

        File.Move(temp, path, overwrite: true);
    }
}
