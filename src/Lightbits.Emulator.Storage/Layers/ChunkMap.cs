namespace Lightbits.Emulator.Storage.Layers;

/// <summary>
/// The chunk states of one layer: two bits per chunk (data, zero) in pages allocated on first use,
/// so memory follows what was written — a 1 TiB volume with a few GiB written holds a few 8 KiB
/// pages plus a 4 KiB page table. Reads are lock-free; a caller changes one chunk at a time and
/// serialises changes of the same chunk (the layer's stripe locks), while neighbours sharing a
/// word are updated with interlocked operations.
/// </summary>
internal sealed class ChunkMap
{
    private const int ChunksPerPageShift = 15;
    private const int WordsPerPage = (1 << ChunksPerPageShift) / 64;

    private readonly Lock _growLock = new();
    private Page?[] _pages = [];
    private long _dataChunks;

    /// <summary>Chunks in state <see cref="ChunkState.Data"/>.</summary>
    public long DataChunkCount => Volatile.Read(ref _dataChunks);

    /// <summary>Number of 64-chunk words the map could hold a set bit in.</summary>
    public long WordCount => (long)Volatile.Read(ref _pages).Length * WordsPerPage;

    public ChunkState Get(long chunk)
    {
        var pages = Volatile.Read(ref _pages);
        long pageIndex = chunk >> ChunksPerPageShift;
        if (pageIndex >= pages.Length || pages[pageIndex] is not { } page)
        {
            return ChunkState.Absent;
        }

        int word = (int)((chunk >> 6) & (WordsPerPage - 1));
        ulong bit = 1UL << (int)(chunk & 63);
        if ((Volatile.Read(ref page.Data[word]) & bit) != 0)
        {
            return ChunkState.Data;
        }

        return (Volatile.Read(ref page.Zero[word]) & bit) != 0 ? ChunkState.Zero : ChunkState.Absent;
    }

    /// <summary>Sets the state of a chunk and returns the previous one.</summary>
    public ChunkState Set(long chunk, ChunkState state)
    {
        var previous = Get(chunk);
        if (previous == state)
        {
            return previous;
        }

        var page = GetOrAddPage(chunk >> ChunksPerPageShift);
        int word = (int)((chunk >> 6) & (WordsPerPage - 1));
        ulong bit = 1UL << (int)(chunk & 63);
        // Publish the new bit before clearing the old one: a concurrent reader sees Data while the
        // chunk turns Zero (never Absent, which would expose the parent's data).
        if (state == ChunkState.Data)
        {
            Interlocked.Or(ref page.Data[word], bit);
            Interlocked.And(ref page.Zero[word], ~bit);
            Interlocked.Increment(ref _dataChunks);
        }
        else if (state == ChunkState.Zero)
        {
            Interlocked.Or(ref page.Zero[word], bit);
            Interlocked.And(ref page.Data[word], ~bit);
        }
        else
        {
            Interlocked.And(ref page.Data[word], ~bit);
            Interlocked.And(ref page.Zero[word], ~bit);
        }

        if (previous == ChunkState.Data)
        {
            Interlocked.Decrement(ref _dataChunks);
        }

        return previous;
    }

    /// <summary>The data bits of chunks [64·w, 64·w + 64).</summary>
    public ulong DataWord(long wordIndex) => ReadWord(wordIndex, zero: false);

    /// <summary>The zero (deallocated) bits of chunks [64·w, 64·w + 64).</summary>
    public ulong ZeroWord(long wordIndex) => ReadWord(wordIndex, zero: true);

    /// <summary>The first chunk at or after <paramref name="fromChunk"/> that is not Absent, or -1.</summary>
    public long NextPresent(long fromChunk)
    {
        var pages = Volatile.Read(ref _pages);
        for (long w = fromChunk >> 6; w < (long)pages.Length * WordsPerPage; w++)
        {
            if (pages[w / WordsPerPage] is null)
            {
                w = ((w / WordsPerPage) + 1) * WordsPerPage - 1;
                continue;
            }

            ulong bits = DataWord(w) | ZeroWord(w);
            if (w == fromChunk >> 6)
            {
                bits &= ~0UL << (int)(fromChunk & 63);
            }

            if (bits != 0)
            {
                return (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
            }
        }

        return -1;
    }

    /// <summary>Every chunk that is not Absent, in ascending order.</summary>
    public IEnumerable<(long Chunk, ChunkState State)> Entries()
    {
        for (long chunk = NextPresent(0); chunk >= 0; chunk = NextPresent(chunk + 1))
        {
            yield return (chunk, Get(chunk));
        }
    }

    private ulong ReadWord(long wordIndex, bool zero)
    {
        var pages = Volatile.Read(ref _pages);
        long pageIndex = wordIndex / WordsPerPage;
        if (pageIndex >= pages.Length || pages[pageIndex] is not { } page)
        {
            return 0;
        }

        var words = zero ? page.Zero : page.Data;
        return Volatile.Read(ref words[wordIndex % WordsPerPage]);
    }

    private Page GetOrAddPage(long pageIndex)
    {
        var pages = Volatile.Read(ref _pages);
        if (pageIndex < pages.Length && pages[pageIndex] is { } existing)
        {
            return existing;
        }

        lock (_growLock)
        {
            pages = _pages;
            if (pageIndex >= pages.Length)
            {
                var grown = new Page?[Math.Max(pageIndex + 1, pages.Length * 2)];
                Array.Copy(pages, grown, pages.Length);
                pages = grown;
            }

            var page = pages[pageIndex] ??= new Page();
            Volatile.Write(ref _pages, pages);
            return page;
        }
    }

    private sealed class Page
    {
        public readonly ulong[] Data = new ulong[WordsPerPage];
        public readonly ulong[] Zero = new ulong[WordsPerPage];
    }
}
