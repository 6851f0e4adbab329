namespace Cli.Common.Output;

/// <summary>Fitting text into a width: cut with an ellipsis (table cells) or wrap at spaces (described values).</summary>
public static class TextFit
{
    public const char Ellipsis = '…';

    /// <summary><paramref name="text"/> cut to <paramref name="width"/> characters, the last one an ellipsis when anything was cut.</summary>
    public static string Truncate(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= width ? text : width <= 0 ? "" : string.Concat(text.AsSpan(0, width - 1), Ellipsis.ToString());
    }

    /// <summary>
    /// Lines of at most <paramref name="width"/> characters, broken at spaces; a word longer than a
    /// line (a fingerprint, a path) is split, so no line ever exceeds the width.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        width = Math.Max(1, width);
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var rest = word;
                if (line.Length > 0 && line.Length + 1 + rest.Length <= width)
                {
                    line += " " + rest;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line);
                }

                while (rest.Length > width)
                {
                    lines.Add(rest[..width]);
                    rest = rest[width..];
                }
                line = rest;
            }
            lines.Add(line);
        }

        return lines;
    }
}
