using System.IO.Hashing;

namespace Dms.Cloning.Verification;

/// <summary>
/// The hash of every planned chunk that held data, as read from the source, kept for the
/// verification pass. Pages of hashes are allocated only where data was copied, so a full scan of a
/// large sparse volume costs what its data costs. Chunks with no entry — zeros, or copied before a
/// restart — are compared with the source itself when verified.
/// </summary>
public sealed class ChecksumLog
{
    private const int PageSize = 1024; // 8 KiB of hashes per page: 1 GiB of data at 1 MiB chunks
    private readonly ulong[]?[] _pages;

    public ChecksumLog(int chunkCount)
    {
        ChunkCount = chunkCount;
        _pages = new ulong[]?[(chunkCount + PageSize - 1) / PageSize];
    }

    public int ChunkCount { get; }

    public static ulong Hash(ReadOnlySpan<byte> data) => XxHash3.HashToUInt64(data);

    public void Record(int chunk, ulong hash)
    {
        ref var page = ref _pages[chunk / PageSize];
        if (Volatile.Read(ref page) is null)
        {
            Interlocked.CompareExchange(ref page, new ulong[PageSize], null);
        }
        // 0 marks "no entry": a chunk whose hash happens to be 0 is merely compared with the source again.
        Volatile.Write(ref page![chunk % PageSize], hash);
    }

    public bool TryGet(int chunk, out ulong hash)
    {
        var page = Volatile.Read(ref _pages[chunk / PageSize]);
        hash = page is null ? 0 : Volatile.Read(ref page[chunk % PageSize]);
        return hash != 0;
    }
}
