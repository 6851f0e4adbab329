namespace Lightbits.Emulator.Storage.Layers;

/// <summary>What one layer says about one chunk.</summary>
internal enum ChunkState : byte
{
    /// <summary>The layer holds nothing for the chunk: look in the parent layer.</summary>
    Absent = 0,

    /// <summary>The layer's data file holds the chunk.</summary>
    Data = 1,

    /// <summary>The chunk was deallocated in this layer: it reads zeros whatever the parents hold.</summary>
    Zero = 2,
}
