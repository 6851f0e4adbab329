using System.Globalization;

namespace Common.Text;

/// <summary>
/// Sizes in the words an operator checks them by, for error messages on both sides of the API
/// (dmscli's --size and dms's dst.size): "10 GB (10000000000 bytes)", and the nearest sizes that
/// fill whole sectors when one does not.
/// </summary>
public static class SizeText
{
    private static readonly (string Name, long Multiplier)[] Binary =
        [("PiB", 1L << 50), ("TiB", 1L << 40), ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10)];

    private static readonly (string Name, long Multiplier)[] Decimal =
        [("PB", 1_000_000_000_000_000L), ("TB", 1_000_000_000_000L), ("GB", 1_000_000_000L), ("MB", 1_000_000L), ("KB", 1_000L)];

    /// <summary>
    /// "10 GiB (10737418240 bytes)" or "10 GB (10000000000 bytes)" when the size is a whole number of
    /// a unit (binary first, as volumes are usually sized), else "9.31 GiB (9999998976 bytes)".
    /// </summary>
    public static string Describe(long bytes)
    {
        var count = bytes.ToString(CultureInfo.InvariantCulture);
        // Each family's own unit for this magnitude (GiB for 9.3 GiB, not 9765624 KiB).
        var binary = Array.Find(Binary, u => bytes >= u.Multiplier);
        var @decimal = Array.Find(Decimal, u => bytes >= u.Multiplier);
        var wholeDecimal = @decimal.Name is not null && bytes % @decimal.Multiplier == 0;
        if (binary.Name is null && !wholeDecimal)
        {
            return $"{count} bytes";
        }

        var (name, multiplier) = binary.Name is not null && (bytes % binary.Multiplier == 0 || !wholeDecimal) ? binary : @decimal;
        return string.Create(CultureInfo.InvariantCulture, $"{(double)bytes / multiplier:0.##} {name} ({count} bytes)");
    }

    /// <summary>
    /// "10 GB (10000000000 bytes) is not a whole number of 4096-byte sectors; nearest valid: 9.31 GiB
    /// (9999998976 bytes) or 9.31 GiB (10000003072 bytes)", or null when <paramref name="bytes"/> fills whole sectors.
    /// The caller puts the field or flag in front.
    /// </summary>
    public static string? NotWholeSectors(long bytes, int sectorSize)
    {
        if (bytes % sectorSize == 0)
        {
            return null;
        }

        var below = bytes / sectorSize * sectorSize;
        var above = below + sectorSize;
        var nearest = below == 0 ? Describe(above) : $"{Describe(below)} or {Describe(above)}";
        return $"{Describe(bytes)} is not a whole number of {sectorSize}-byte sectors; nearest valid: {nearest}";
    }
}
