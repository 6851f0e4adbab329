using Lightbits.Emulator.Storage.ChangedBlocks;

namespace Lightbits.Emulator.Api;

/// <summary>
/// How lbemu writes a changed-blocks answer (lbemu <c>--changed-blocks-encoding</c>). The proto's
/// <c>bytes dataBitMap</c> fixes neither the bit order within a byte nor the unit an LBA counts, so
/// the alternatives let tests play a cluster that reads the proto differently from DMS
/// (docs/lightbits-assumptions.md, "Changed blocks").
/// </summary>
public enum ChangedBlocksEncoding
{
    /// <summary>Volume sectors, least significant bit first: what DMS assumes (spec lightbits-api.md §13).</summary>
    Lsb,

    /// <summary>Volume sectors, most significant bit first within each byte.</summary>
    Msb,

    /// <summary>4 KiB blocks whatever the sector size (offsetLBA, lbaStart, lbaEnd and the bits), least significant bit first.</summary>
    Lsb4K,

    /// <summary>4 KiB blocks, most significant bit first.</summary>
    Msb4K,
}

/// <summary>The command-line names of <see cref="ChangedBlocksEncoding"/> and the re-encoding of the store's sector/LSB-first pages.</summary>
public static class ChangedBlocksEncodings
{
    private const int BlockBytes = 4096;

    public static IReadOnlyDictionary<string, ChangedBlocksEncoding> ByName { get; } = new Dictionary<string, ChangedBlocksEncoding>(StringComparer.Ordinal)
    {
        ["lsb"] = ChangedBlocksEncoding.Lsb,
        ["msb"] = ChangedBlocksEncoding.Msb,
        ["lsb-4k"] = ChangedBlocksEncoding.Lsb4K,
        ["msb-4k"] = ChangedBlocksEncoding.Msb4K,
    };

    /// <summary>Sectors per LBA of the answer: 1, or 8 for 4 KiB units on a 512-byte-sector volume.</summary>
    public static int SectorsPerLba(this ChangedBlocksEncoding encoding, int sectorSize) =>
        encoding is ChangedBlocksEncoding.Lsb4K or ChangedBlocksEncoding.Msb4K ? Math.Max(1, BlockBytes / sectorSize) : 1;

    /// <summary>The store's page (sectors, LSB first) in <paramref name="encoding"/>.</summary>
    internal static ChangedBlocksPage Encode(this ChangedBlocksEncoding encoding, ChangedBlocksPage page, int sectorSize)
    {
        if (encoding == ChangedBlocksEncoding.Lsb)
        {
            return page;
        }

        var unit = encoding.SectorsPerLba(sectorSize);
        var msbFirst = encoding is ChangedBlocksEncoding.Msb or ChangedBlocksEncoding.Msb4K;
        return new ChangedBlocksPage(
            (page.NextOffsetLba + unit - 1) / unit,
            [.. page.LbaRanges.Select(range => Encode(range, unit, msbFirst))]);
    }

    private static LbaRange Encode(LbaRange range, int unit, bool msbFirst)
    {
        var start = range.LbaStart / unit;
        var end = (range.LbaEnd + unit - 1) / unit;
        var bitmap = new byte[(end - start + 7) / 8];
        for (var sector = range.LbaStart; sector < range.LbaEnd; sector++)
        {
            var source = sector - range.LbaStart;
            if ((range.DataBitmap[source / 8] & (1 << (int)(source % 8))) != 0)
            {
                var bit = sector / unit - start;
                bitmap[bit / 8] |= (byte)(msbFirst ? 0x80 >> (int)(bit % 8) : 1 << (int)(bit % 8));
            }
        }

        return new LbaRange(start, end, bitmap);
    }
}
