using System.Text;

namespace Cli.Common.Output;

/// <summary>Column-aligned plain text, the way lbcli prints lists.</summary>
public static class Table
{
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var all = rows.Select(r => r.Select(c => c ?? "").ToArray()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        Append(text, headers, widths);
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
        text.Append('\n');
    }
}
