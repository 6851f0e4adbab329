using System.Globalization;

namespace Common.Text;

/// <summary>
/// The one place that writes sizes, instants, durations and ages for people, so every CLI view
/// says "4.0 GiB", "2026-12-01 10:21:07Z", "12m3s" and "12m ago" the same way. Machine output
/// (JSON, YAML) never goes through here: it keeps the API's own values.
/// </summary>
public static class Human
{
    private static readonly string[] SizeUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

    /// <summary>Binary units, one decimal, as lbcli prints sizes: "4.0 GiB", "1023 B".</summary>
    public static string Size(ulong bytes)
    {
        var value = (double)bytes;
        var index = 0;
        while (value >= 1024 && index < SizeUnits.Length - 1)
        {
            value /= 1024;
            index++;
        }
        return index == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {SizeUnits[index]}");
    }

    /// <summary>A size the API reports as a signed count; a negative one (never expected) reads as 0 B.</summary>
    public static string Size(long bytes) => Size((ulong)Math.Max(0, bytes));

    /// <summary>UTC to the second, one fixed width: "2026-12-01 10:21:07Z" (the API's RFC 3339 has varying fractions).</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// A span in its two largest units, the way kubectl and systemd print them: "45s", "12m3s",
    /// "2h5m", "3d4h". Precise enough to compare two runs, short enough for a column.
    /// </summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        var text = span.TotalDays >= 1 ? Pair((int)span.TotalDays, "d", span.Hours, "h")
            : span.TotalHours >= 1 ? Pair(span.Hours, "h", span.Minutes, "m")
            : span.TotalMinutes >= 1 ? Pair(span.Minutes, "m", span.Seconds, "s")
            : span.TotalSeconds >= 1 ? $"{span.Seconds}s"
            : "0s";
        return text;

        static string Pair(int first, string firstUnit, int second, string secondUnit) =>
            second == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{first}{firstUnit}")
                : string.Create(CultureInfo.InvariantCulture, $"{first}{firstUnit}{second}{secondUnit}");
    }

    /// <summary>How long ago <paramref name="at"/> was, in one unit, as kubectl's AGE column: "40s", "12m", "5h", "3d".</summary>
    public static string Age(DateTimeOffset at, DateTimeOffset now)
    {
        var span = now - at;
        return span.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d")
            : span.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h")
            : span.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)span.TotalSeconds)}s");
    }
}
