using System.Globalization;

namespace Common.Text;

/// <summary>
/// Durations as operators type them, on the command line and in dms.yaml: a number of seconds, or
/// a number with ms, s, m, h or d, any case, surrounding spaces ignored ("30", "500ms", "2m",
/// "1.5H", "30d"). The number may have a fraction but no sign.
/// </summary>
public static class DurationParser
{
    private static readonly (string Suffix, Func<double, TimeSpan> Make)[] Units =
    [
        ("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes),
        ("h", TimeSpan.FromHours), ("d", TimeSpan.FromDays),
    ];

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why, naming the value.</summary>
    public static bool TryParse(string? text, out TimeSpan value, out string error)
    {
        value = default;
        var trimmed = (text ?? string.Empty).Trim();
        var numberLength = 0;
        while (numberLength < trimmed.Length && (char.IsAsciiDigit(trimmed[numberLength]) || trimmed[numberLength] == '.'))
        {
            numberLength++;
        }

        if (!double.TryParse(trimmed.AsSpan(0, numberLength), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            error = $"duration \"{text}\" must start with a non-negative number";
            return false;
        }

        var suffix = trimmed[numberLength..];
        var make = suffix.Length == 0
            ? TimeSpan.FromSeconds
            : Array.Find(Units, u => u.Suffix.Equals(suffix, StringComparison.OrdinalIgnoreCase)).Make;
        if (make is null)
        {
            error = $"duration \"{text}\" has an unknown unit \"{suffix}\" (use ms, s, m, h or d)";
            return false;
        }

        try
        {
            value = make(number);
        }
        catch (OverflowException)
        {
            error = $"duration \"{text}\" is too long";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
