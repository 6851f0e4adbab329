namespace Lightbits.Emulator.Storage.Layers;

/// <summary>
/// Where a layer keeps the bytes of its chunks: chunk c at offset c·chunkSize, the same offset as
/// in the volume. Which chunks hold data is the layer's <see cref="ChunkMap"/>'s business; this
/// only stores bytes. A chunk's first write always covers the whole chunk (<see cref="LayerIo"/>
/// assembles it), so partial writes only ever land on chunks already written.
/// </summary>
internal interface ILayerData : IDisposable
{
    void Write(ReadOnlySpan<byte> data, long offset);

    /// <summary>Fills <paramref name="destination"/>; bytes never written (or lost in a crash before a flush) read as zeros.</summary>
    void Read(Span<byte> destination, long offset);

    /// <summary>Gives back the space of whole chunks the map no longer points at.</summary>
    void Release(long offset, long length);

    /// <summary>Makes every completed write durable (before the map records naming it are).</summary>
    void Flush();

    /// <summary>Closes and removes the data for good.</summary>
    void Delete();
}
