using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using Common.Text;

namespace Dms.Cli.Input;

/// <summary>
/// Volume sizes as operators type them: <c>10g</c>, <c>10G</c>, <c>10GiB</c>, <c>1.5TiB</c>,
/// <c>500 MiB</c>, a byte count. One letter (k, m, g, t, p) or the -i/-ib forms are powers of 1024, as
/// lvcreate and qemu-img read them; kb/mb/gb/tb/pb are powers of 1000. A fraction is allowed where
/// it gives whole bytes, and the result must be whole 512-byte sectors (the smaller sector size a
/// volume can have; the cluster's own sector size is checked with it when known). Errors name the
/// value in human units and the nearest valid sizes, not just a byte count.
/// </summary>
internal static partial class VolumeSize
{
    public const int MinSectorSize = 512;

    private static readonly Dictionary<string, BigInteger> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = 1, ["b"] = 1,
        ["k"] = BigInteger.Pow(1024, 1), ["ki"] = BigInteger.Pow(1024, 1), ["kib"] = BigInteger.Pow(1024, 1),
        ["m"] = BigInteger.Pow(1024, 2), ["mi"] = BigInteger.Pow(1024, 2), ["mib"] = BigInteger.Pow(1024, 2),
        ["g"] = BigInteger.Pow(1024, 3), ["gi"] = BigInteger.Pow(1024, 3), ["gib"] = BigInteger.Pow(1024, 3),
        ["t"] = BigInteger.Pow(1024, 4), ["ti"] = BigInteger.Pow(1024, 4), ["tib"] = BigInteger.Pow(1024, 4),
        ["p"] = BigInteger.Pow(1024, 5), ["pi"] = BigInteger.Pow(1024, 5), ["pib"] = BigInteger.Pow(1024, 5),
        ["kb"] = BigInteger.Pow(1000, 1), ["mb"] = BigInteger.Pow(1000, 2), ["gb"] = BigInteger.Pow(1000, 3),
        ["tb"] = BigInteger.Pow(1000, 4), ["pb"] = BigInteger.Pow(1000, 5),
    };

    /// <summary>Parses <paramref name="text"/> into bytes that fill whole sectors of <paramref name="sectorSize"/>.</summary>
    public static bool TryParse(string text, int sectorSize, out long bytes, out string error)
    {
        bytes = 0;
        var match = SizePattern().Match(text);
        if (!match.Success)
        {
            error = $"'{text}' is not a size: a number with an optional unit, e.g. 10g, 10GiB, 1.5TiB, 500 MiB";
            return false;
        }
        if (!Units.TryGetValue(match.Groups["unit"].Value, out var multiplier))
        {
            error = $"'{text}' has an unknown unit \"{match.Groups["unit"].Value}\" (use k, m, g, t, p or kib … pib for powers of 1024, kb … pb for powers of 1000)";
            return false;
        }

        var fraction = match.Groups["fraction"].Value;
        var scale = BigInteger.Pow(10, fraction.Length);
        var scaled = BigInteger.Parse(match.Groups["whole"].Value + fraction, CultureInfo.InvariantCulture) * multiplier;
        if (!scaled.IsZero && scaled % scale != 0)
        {
            error = $"'{text}' is not a whole number of bytes";
            return false;
        }
        var exact = scaled / scale;
        if (exact > long.MaxValue)
        {
            error = $"'{text}' is too large";
            return false;
        }
        if (exact.IsZero)
        {
            error = $"'{text}' is zero; a volume needs at least one {sectorSize}-byte sector";
            return false;
        }

        bytes = (long)exact;
        error = SizeText.NotWholeSectors(bytes, sectorSize) is { } notWhole ? $"'{text}' = {notWhole}" : string.Empty;
        return error.Length == 0;
    }

    [GeneratedRegex(@"^\s*(?<whole>\d+)(?:\.(?<fraction>\d+))?\s*(?<unit>[A-Za-z]*)\s*$")]
    private static partial Regex SizePattern();
}
