using System.Globalization;

namespace Dms.Service.Configuration;

/// <summary>Durations in dms.yaml: a number of seconds or a number with s/m/h/d (e.g. <c>30d</c>, <c>500ms</c>).</summary>
internal static class Durations
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        var (digits, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], "ms")
            : text.Length > 0 && char.IsLetter(text[^1]) ? (text[..^1], text[^1..]) : (text, "s");
        if (!double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        TimeSpan? parsed = unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(number),
            "s" => TimeSpan.FromSeconds(number),
            "m" => TimeSpan.FromMinutes(number),
            "h" => TimeSpan.FromHours(number),
            "d" => TimeSpan.FromDays(number),
            _ => null,
        };
        value = parsed ?? default;
        return parsed is not null;
    }
}
