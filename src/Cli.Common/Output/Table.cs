using System.Text;

namespace Cli.Common.Output;

/// <summary>Column-aligned plain text, the way lbcli prints lists.</summary>
public static class Table
{
    /// <param name="withHeaders">False for --no-headers: rows only, for scripts that cut columns.</param>
    /// <param name="width">
    /// When set, the last column (the one that says most, in free text) is cut with an ellipsis so
    /// no line is longer; the columns before it are kept whole, as they hold ids and states.
    /// </param>
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, bool withHeaders = true, int? width = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var all = rows.Select(r => r.Select(c => c ?? "").ToArray()).ToList();
        var widths = headers.Select((h, i) => Math.Max(withHeaders ? h.Length : 0, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        if (width is { } budget && headers.Count > 0)
        {
            var last = headers.Count - 1;
            var room = Math.Max(budget - widths[..last].Sum(w => w + 2), withHeaders ? headers[last].Length : 1);
            foreach (var row in all)
            {
                row[last] = TextFit.Truncate(row[last], room);
            }
        }

        var text = new StringBuilder();
        if (withHeaders)
        {
            Append(text, headers, widths);
        }
        foreach (var row in all)
        {
            Append(text, row, widths);
        }
        return text.ToString();
    }

    private static void Append(StringBuilder text, IReadOnlyList<string> cells, int[] widths)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            text.Append(i == cells.Count - 1 ? cells[i] : cells[i].PadRight(widths[i] + 2));
        }

        // An empty last cell would leave the padding before it: invisible, but it breaks diffs and `cut`.
        while (text.Length > 0 && text[^1] == ' ')
        {
            text.Length--;
        }
        text.Append('\n');
    }
}
