using Lightbits.Emulator.State;
using Lightbits.Emulator.Storage.ChangedBlocks;

namespace Lightbits.Emulator.Faults;

/// <summary>The active <see cref="ChangedBlocksFault"/>s, shared by every server of the cluster, applied to each changed-blocks answer.</summary>
public sealed class ChangedBlocksFaults
{
    private readonly Lock _lock = new();
    private readonly List<ChangedBlocksFault> _faults = [];

    public void Add(ChangedBlocksFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (fault.OmitLbaStart < 0 || fault.OmitLbaCount < 0)
        {
            throw ApiException.BadRequest($"omitLbaStart {fault.OmitLbaStart} and omitLbaCount {fault.OmitLbaCount} must not be negative");
        }
        lock (_lock)
        {
            _faults.Add(fault);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _faults.Clear();
        }
    }

    /// <summary>The answer for <paramref name="snapshotUuid"/> as the active faults distort it.</summary>
    public ChangedBlocksPage Apply(string snapshotUuid, ChangedBlocksPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        ChangedBlocksFault[] faults;
        lock (_lock)
        {
            faults = [.. _faults.Where(f => f.SnapshotUuid is null || string.Equals(f.SnapshotUuid, snapshotUuid, StringComparison.OrdinalIgnoreCase))];
        }
        IEnumerable<LbaRange> ranges = page.LbaRanges;
        foreach (var fault in faults)
        {
            if (fault.OmitLbaCount > 0)
            {
                ranges = ranges.Select(r => Omit(r, fault.OmitLbaStart, fault.OmitLbaStart + fault.OmitLbaCount)).Where(r => r.DataBitmap.AsSpan().ContainsAnyExcept((byte)0));
            }
            if (fault.OutOfOrder)
            {
                ranges = ranges.Reverse();
            }
        }
        return page with { LbaRanges = [.. ranges] };
    }

    /// <summary>The range with the bits of LBAs [<paramref name="start"/>, <paramref name="end"/>) cleared.</summary>
    private static LbaRange Omit(LbaRange range, long start, long end)
    {
        var from = Math.Max(start, range.LbaStart);
        var to = Math.Min(end, range.LbaEnd);
        if (from >= to)
        {
            return range;
        }
        var bitmap = (byte[])range.DataBitmap.Clone();
        for (var lba = from; lba < to; lba++)
        {
            var bit = lba - range.LbaStart;
            bitmap[bit / 8] &= (byte)~(1 << (int)(bit % 8));
        }
        return range with { DataBitmap = bitmap };
    }
}
