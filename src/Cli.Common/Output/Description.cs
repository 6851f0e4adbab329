using System.Text;

namespace Cli.Common.Output;

/// <summary>
/// A describe view, as kubectl describe prints one object: "Label:  value" lines with the values
/// of a group aligned, nested groups indented by two, long values wrapped under their own column,
/// so a line never runs past the width (a JSON blob on one 351-character line is what this replaces).
/// Empty values are left out rather than printed as blanks.
/// </summary>
public sealed class Description
{
    private const int Indent = 2;
    private const int MinValueWidth = 20;

    private readonly List<(string Label, string? Value, Description? Group, IReadOnlyList<string>? Items)> _entries = [];

    public bool IsEmpty => _entries.Count == 0;

    public Description Field(string label, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _entries.Add((label, value, null, null));
        }

        return this;
    }

    /// <summary>A nested group under its own label; left out when <paramref name="fill"/> adds nothing.</summary>
    public Description Section(string label, Action<Description> fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        var group = new Description();
        fill(group);
        if (!group.IsEmpty)
        {
            _entries.Add((label, null, group, null));
        }

        return this;
    }

    /// <summary>A list under its label, one "- item" each (warnings, fingerprints).</summary>
    public Description Items(string label, IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count > 0)
        {
            _entries.Add((label, null, null, list));
        }

        return this;
    }

    public string Render(int width)
    {
        var text = new StringBuilder();
        Render(text, 0, width);
        return text.ToString();
    }

    private void Render(StringBuilder text, int indent, int width)
    {
        var labelWidth = _entries.Where(e => e.Value is not null).Select(e => e.Label.Length + 1).DefaultIfEmpty(0).Max() + 2;
        foreach (var (label, value, group, items) in _entries)
        {
            var pad = new string(' ', indent);
            if (value is not null)
            {
                // Too little room beside the label: the value goes under it instead.
                var column = indent + labelWidth;
                if (width - column < MinValueWidth)
                {
                    text.Append(pad).Append(label).Append(":\n");
                    AppendWrapped(text, value, indent + Indent, width);
                    continue;
                }

                var lines = TextFit.Wrap(value, width - column);
                text.Append(pad).Append((label + ":").PadRight(labelWidth)).Append(lines[0]).Append('\n');
                foreach (var line in lines.Skip(1))
                {
                    text.Append(' ', column).Append(line).Append('\n');
                }
            }
            else if (group is not null)
            {
                text.Append(pad).Append(label).Append(":\n");
                group.Render(text, indent + Indent, width);
            }
            else
            {
                text.Append(pad).Append(label).Append(":\n");
                foreach (var item in items!)
                {
                    var lines = TextFit.Wrap(item, Math.Max(MinValueWidth, width - indent - Indent - 2));
                    text.Append(pad).Append(' ', Indent).Append("- ").Append(lines[0]).Append('\n');
                    foreach (var line in lines.Skip(1))
                    {
                        text.Append(pad).Append(' ', Indent + 2).Append(line).Append('\n');
                    }
                }
            }
        }
    }

    private static void AppendWrapped(StringBuilder text, string value, int indent, int width)
    {
        foreach (var line in TextFit.Wrap(value, Math.Max(MinValueWidth, width - indent)))
        {
            text.Append(' ', indent).Append(line).Append('\n');
        }
    }
}
