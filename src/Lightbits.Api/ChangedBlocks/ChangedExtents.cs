using Lightbits.Api.Http;
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
    /// <summary>
    /// The extents of one page of a cluster's answer for <paramref name="snapshotUuid"/>, adjacent ones
    /// merged. A range that cannot be decoded is the cluster's error, naming the field: the same answer
    /// would come back again, so it is not worth a retry.
    /// </summary>
    public static IEnumerable<LbaExtent> DecodePage(ChangedBlocksResponse page, string cluster, string snapshotUuid)
    {
        ArgumentNullException.ThrowIfNull(page);
        for (var i = 0; i < page.LbaRanges.Count; i++)
        {
            if (Problem(page.LbaRanges[i]) is { } problem)
            {
                throw new LightbitsApiException($"cluster {cluster}: changed blocks of snapshot {snapshotUuid}: lbaRanges[{i}].{problem}", null, null, isRetryable: false);
            }
        }
        return Merge(page.LbaRanges.SelectMany(Decode));
    }

    /// <summary>The extents of one range, in LBA order, adjacent set bits merged.</summary>
    public static IEnumerable<LbaExtent> Decode(LbaRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        if (Problem(range) is { } problem)
        {
            throw new FormatException(problem);
        }
        var length = range.LbaEnd - range.LbaStart;
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

    /// <summary>Why the range cannot be decoded, starting with the field at fault; null when it can.</summary>
    private static string? Problem(LbaRange range) =>
        range.LbaEnd < range.LbaStart ? $"lbaEnd {range.LbaEnd} is before lbaStart {range.LbaStart}"
        : (ulong)range.DataBitMap.Length * 8 < range.LbaEnd - range.LbaStart
            ? $"dataBitMap has {range.DataBitMap.Length} bytes for LBAs [{range.LbaStart}, {range.LbaEnd}); {(range.LbaEnd - range.LbaStart + 7) / 8} needed"
            : null;

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
