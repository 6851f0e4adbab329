using System.Globalization;

namespace Common.Text;

/// <summary>
/// Sizes as operators type them: a byte count or a number with a unit, any case, optional space
/// ("4 Gib", "10gib", "1073741824b"). Binary units are powers of 1024; kb/mb/gb/tb/pb are powers
/// of 1000, as their names say (spec lightbits-api.md §10, dms-api.md §5).
/// </summary>
public static class SizeParser
{
    private static readonly (string Suffix, ulong Multiplier)[] Units =
    [
        ("kib", 1UL << 10), ("mib", 1UL << 20), ("gib", 1UL << 30), ("tib", 1UL << 40), ("pib", 1UL << 50),
        ("kb", 1_000UL), ("mb", 1_000_000UL), ("gb", 1_000_000_000UL), ("tb", 1_000_000_000_000UL),
        ("pb", 1_000_000_000_000_000UL), ("b", 1UL),
    ];

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why, naming the value.</summary>
    public static bool TryParse(string? text, out ulong bytes, out string error)
    {
        bytes = 0;
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            error = "size is empty";
            return false;
        }

        var digits = 0;
        while (digits < trimmed.Length && char.IsAsciiDigit(trimmed[digits]))
        {
            digits++;
        }
        if (digits == 0)
        {
            error = $"size \"{text}\" must start with a whole, non-negative number";
            return false;
        }

        var unit = trimmed[digits..].TrimStart(' ').ToLowerInvariant();
        var multiplier = 1UL;
        if (unit.Length > 0)
        {
            var match = Array.Find(Units, u => u.Suffix == unit);
            if (match.Suffix is null)
            {
                error = $"size \"{text}\" has an unknown unit \"{trimmed[digits..].Trim()}\" (use b, kib, mib, gib, tib, pib, kb, mb, gb, tb or pb)";
                return false;
            }
            multiplier = match.Multiplier;
        }

        if (!ulong.TryParse(trimmed.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            error = $"size \"{text}\" is too large";
            return false;
        }
        try
        {
            bytes = checked(number * multiplier);
        }
        catch (OverflowException)
        {
            error = $"size \"{text}\" is too large";
            return false;
        }
        if (bytes > long.MaxValue)
        {
            error = $"size \"{text}\" is too large";
            bytes = 0;
            return false;
        }
        error = string.Empty;
        return true;
    }
}
