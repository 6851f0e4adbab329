using System.Globalization;

namespace Cli.Common.Output;

/// <summary>
/// How many columns a human view may use: <c>COLUMNS</c> when set (shells export it; tests set it
/// to make views deterministic), else the terminal's width when stdout is one, else the view's own
/// default (a pipe or a file has no width, and a fixed one keeps output stable for diffs).
/// </summary>
public static class TerminalWidth
{
    public static int Of(int fallback)
    {
        if (Columns() is { } columns)
        {
            return columns;
        }

        return Console.IsOutputRedirected ? fallback : Window(fallback);
    }

    /// <summary>The console window's width (whichever stream is drawn on), or <paramref name="fallback"/> where there is none.</summary>
    public static int Window(int fallback)
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : fallback;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException)
        {
            // No console after all (a detached process): same as a pipe.
            return fallback;
        }
    }

    /// <summary>The width <c>COLUMNS</c> asks for; null when it is unset or not a positive number.</summary>
    public static int? Columns() =>
        int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0 ? columns : null;
}
