using Lightbits.Emulator.Storage.Layers;

namespace Lightbits.Emulator.Storage.ChangedBlocks;

/// <summary>
/// Turns a <see cref="ChangedChunkView"/> into spec §13 pages. Tracking is per chunk, so every
/// LBA of a chunk that was partly written is reported; reads stay exact (the rest reads zeros or
/// the older data, which copying reproduces faithfully).
/// </summary>
internal static class ChangedBlocksScanner
{
    /// <summary>LBAs per range at most, so one range's bitmap stays at 8 KiB and paging stays meaningful.</summary>
    internal const long MaxRangeLbas = 64 * 1024;

    private const long Group = 64;

    public static ChangedBlocksPage Scan(Layer top, Layer? baseLayer, long sizeBytes, int sectorSize, long offsetLba, int maxRanges)
    {
        int chunkSize = top.ChunkSize;
        long lbasPerChunk = chunkSize / sectorSize;
        long endLba = sizeBytes / sectorSize;
        long endChunk = (sizeBytes + chunkSize - 1) / chunkSize;
        var view = new ChangedChunkView(top, baseLayer);
        var ranges = new List<LbaRange>();
        long lba = offsetLba / Group * Group;

        while (ranges.Count < maxRanges)
        {
            long chunk = view.NextChanged(lba / lbasPerChunk, endChunk);
            if (chunk < 0)
            {
                return new ChangedBlocksPage(0, ranges);
            }

            long start = Math.Max(lba, chunk * lbasPerChunk / Group * Group);
            if (start >= endLba)
            {
                // The last chunk reaches past the volume's end (an LBA count that is no multiple of the chunk's): nothing is left.
                return new ChangedBlocksPage(0, ranges);
            }

            long end = start;
            while (end < endLba && end - start < MaxRangeLbas)
            {
                long groupEnd = Math.Min(end + Group, endLba);
                if (!AnyChanged(view, end / lbasPerChunk, (groupEnd - 1) / lbasPerChunk))
                {
                    break;
                }

                end = groupEnd;
            }

            ranges.Add(new LbaRange(start, end, Bitmap(view, start, end, lbasPerChunk)));
            lba = end;
        }

        bool more = lba < endLba && view.NextChanged(lba / lbasPerChunk, endChunk) >= 0;
        return new ChangedBlocksPage(more ? lba : 0, ranges);
    }

    private static bool AnyChanged(ChangedChunkView view, long firstChunk, long lastChunk)
    {
        for (long chunk = firstChunk; chunk <= lastChunk; chunk++)
        {
            if (view.IsChanged(chunk))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Bitmap(ChangedChunkView view, long start, long end, long lbasPerChunk)
    {
        var bitmap = new byte[(end - start + 7) / 8];
        for (long lba = start; lba < end; lba++)
        {
            if (view.IsChanged(lba / lbasPerChunk))
            {
                long bit = lba - start;
                bitmap[bit >> 3] |= (byte)(1 << (int)(bit & 7));
            }
        }

        return bitmap;
    }
}
