using Cli.Common.Output;

namespace Dms.Cli.Watching;

/// <summary>
/// What stderr can show: its width (COLUMNS, else the window's, read at each redraw so a resized window is followed) and whether
/// to color. Color only on a terminal and only without NO_COLOR (https://no-color.org: set and not empty).
/// </summary>
internal sealed record TerminalStyle(Func<int> Width, bool Color)
{
    /// <summary>When the width cannot be read (no terminal size known), the classic terminal's.</summary>
    public const int FallbackWidth = 80;

    public static TerminalStyle OfConsole() => new(ConsoleWidth, ColorWanted(Environment.GetEnvironmentVariable("NO_COLOR")));

    /// <param name="noColor">The NO_COLOR variable: any value but the empty string turns color off.</param>
    public static bool ColorWanted(string? noColor) => string.IsNullOrEmpty(noColor);

    public string Paint(string text, string ansiColor) => Color ? $"\u001b[{ansiColor}m{text}\u001b[0m" : text;

    /// <summary>The color of a state word: green done, red failed or canceled, cyan otherwise.</summary>
    public static string ColorOf(string state) => state switch
    {
        "COMPLETED" => Green,
        "FAILED" or "CANCELED" => Red,
        _ => Cyan,
    };

    public const string Green = "32", Red = "31", Cyan = "36";

    // As help does (HelpFooter): COLUMNS, when set, says how wide the operator wants the output.
    private static int ConsoleWidth() => TerminalWidth.Columns() ?? TerminalWidth.Window(FallbackWidth);
}
