using System.Globalization;
using Lightbits.Api.ChangedBlocks;

namespace Dms.Service.Clusters.SelfCheck;

/// <summary>
/// Does a decoded diff match what the self-check wrote? Every written LBA must be listed (one left
/// out is data a clone would skip). A cluster may track changes coarser than a sector, so listed
/// LBAs near a written one are fine; "near" is the same aligned 1 MiB window, far more than any
/// tracking unit we know of (lbemu: 64 KiB) and far less than the distances between the
/// positions, so another bit order or LBA unit still shows.
/// </summary>
internal static class DiffComparison
{
    private const int WindowBytes = 1 << 20;
    private const int ShownExtents = 6;

    /// <returns>Null when the diff matches; otherwise what was seen, e.g. "LBA 4097 written, diff listed 4096..4103".</returns>
    public static string? Problem(IReadOnlyCollection<long> written, IReadOnlyList<LbaExtent> listed, int sectorSize)
    {
        var missing = written.Where(lba => !IsListed(lba, listed)).Order().ToList();
        if (missing.Count > 0)
        {
            return $"LBA {string.Join(", ", missing)} written ({sectorSize}-byte sectors), diff listed {Describe(listed)}";
        }

        var windowLbas = (ulong)(WindowBytes / sectorSize);
        var windows = written.Select(lba => (ulong)lba / windowLbas).ToHashSet();
        var stray = listed.FirstOrDefault(e => LeavesWindows(e, windows, windowLbas));
        return stray.Count > 0
            ? $"diff listed {Describe([stray])} ({sectorSize}-byte sectors), where nothing was written within 1 MiB; written: LBA {string.Join(", ", written.Order())}"
            : null;
    }

    /// <summary>True when every LBA of <paramref name="lbas"/> is listed.</summary>
    public static bool ListsAll(IEnumerable<long> lbas, IReadOnlyList<LbaExtent> listed) => lbas.All(lba => IsListed(lba, listed));

    /// <summary>True when none of <paramref name="lbas"/> is listed.</summary>
    public static bool ListsNone(IEnumerable<long> lbas, IReadOnlyList<LbaExtent> listed) => !lbas.Any(lba => IsListed(lba, listed));

    private static bool IsListed(long lba, IReadOnlyList<LbaExtent> listed) => listed.Any(e => (ulong)lba >= e.Start && (ulong)lba < e.End);

    /// <summary>Whether the extent reaches into a window nothing was written in (stops at the first such window, however long the extent).</summary>
    private static bool LeavesWindows(LbaExtent extent, HashSet<ulong> windows, ulong windowLbas)
    {
        for (var window = extent.Start / windowLbas; window <= (extent.End - 1) / windowLbas; window++)
        {
            if (!windows.Contains(window))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Extents as inclusive LBA runs, e.g. "4096..4103, 8192..8199", the first few only.</summary>
    public static string Describe(IReadOnlyList<LbaExtent> extents) =>
        extents.Count == 0 ? "nothing"
        : string.Join(", ", extents.Take(ShownExtents).Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Start}..{e.End - 1}")))
          + (extents.Count > ShownExtents ? $" and {extents.Count - ShownExtents} more" : "");
}
