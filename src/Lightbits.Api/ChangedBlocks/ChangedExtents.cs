using Lightbits.Api.Model;

namespace Lightbits.Api.ChangedBlocks;

/// <summary>A run of consecutive LBAs that hold data.</summary>
public readonly record struct LbaExtent(ulong Start, ulong Count)
{
    public ulong End => Start + Count;
}

/// <summary>
/// Turns changed-blocks bitmaps into extents. The bit order is not documented by Lightbits; lbemu
/// fixes it as least-significant bit first within each byte (spec lightbits-api.md §13), and this
/// is the one place that knows it.
/// </summary>
public static class ChangedExtents
{
    /// <summary>The extents of one range, in LBA order, adjacent set bits merged.</summary>
    public static IEnumerable<LbaExtent> Decode(LbaRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        if (range.LbaEnd < range.LbaStart)
        {
            throw new FormatException($"LBA range [{range.LbaStart}, {range.LbaEnd}) ends before it starts");
        }
        var length = range.LbaEnd - range.LbaStart;
        if ((ulong)range.DataBitMap.Length * 8 < length)
        {
            throw new FormatException($"LBA range [{range.LbaStart}, {range.LbaEnd}) has a bitmap of {range.DataBitMap.Length} bytes; {(length + 7) / 8} needed");
        }
        ulong? runStart = null;
        for (ulong i = 0; i < length; i++)
        {
            var set = (range.DataBitMap[i / 8] & (1 << (int)(i % 8))) != 0;
            if (set && runStart is null)
            {
                runStart = i;
            }
            else if (!set && runStart is { } start)
            {
                yield return new LbaExtent(range.LbaStart + start, i - start);
                runStart = null;
            }
        }
        if (runStart is { } last)
        {
            yield return new LbaExtent(range.LbaStart + last, length - last);
        }
    }

    /// <summary>Extents across pages, merging an extent that continues into the next range.</summary>
    public static IEnumerable<LbaExtent> Merge(IEnumerable<LbaExtent> extents)
    {
        LbaExtent? pending = null;
        foreach (var extent in extents)
        {
            if (pending is { } p && p.End == extent.Start)
            {
                pending = p with { Count = p.Count + extent.Count };
                continue;
            }
            if (pending is { } done)
            {
                yield return done;
            }
            pending = extent;
        }
        if (pending is { } final)
        {
            yield return final;
        }
    }
}
