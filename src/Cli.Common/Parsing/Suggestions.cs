namespace Cli.Common.Parsing;

/// <summary>
/// "Did you mean …": the known words closest to a mistyped one by edit distance (a swap of two
/// neighbouring letters counts as one edit, as in "lsit"), or the one known word it begins.
/// </summary>
public static class Suggestions
{
    /// <summary>The candidates nearest to <paramref name="typed"/>, or none when nothing is near enough to be a typo of it.</summary>
    public static IReadOnlyList<string> For(string typed, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var known = candidates.Distinct(StringComparer.Ordinal).ToList();
        var word = typed.TrimStart('-');
        // Short words tolerate one edit, longer ones two: "ls" must not suggest every two-letter word.
        var tolerance = word.Length <= 4 ? 1 : 2;
        var scored = known.Select(c => (Candidate: c, Distance: Distance(typed.ToLowerInvariant(), c.ToLowerInvariant()))).Where(s => s.Distance <= tolerance).ToList();
        if (scored.Count > 0)
        {
            var best = scored.Min(s => s.Distance);
            return [.. scored.Where(s => s.Distance == best).Select(s => s.Candidate)];
        }

        var extended = known.Where(c => word.Length >= 3 && c.StartsWith(typed, StringComparison.OrdinalIgnoreCase)).ToList();
        return extended.Count == 1 ? extended : [];
    }

    /// <summary>"'list'", "'a' or 'b'", "'a', 'b' or 'c'".</summary>
    public static string Quoted(IReadOnlyList<string> words) => words.Count switch
    {
        0 => "",
        1 => $"'{words[0]}'",
        _ => string.Join(", ", words.SkipLast(1).Select(w => $"'{w}'")) + $" or '{words[^1]}'",
    };

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
