namespace Lightbits.Emulator.Storage.Tests.TestSupport;

/// <summary>Opens the file-backed or the in-memory store, so one behavioural test covers both.</summary>
internal static class Stores
{
    public static BlockStore Open(bool inMemory, string directory, BlockStoreOptions? options = null) =>
        inMemory ? BlockStore.CreateInMemory(options) : BlockStore.Open(directory, options);
}
