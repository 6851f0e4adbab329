using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Dms.Service.Tests.TestSupport;

/// <summary>
/// A strict parser of the Prometheus text exposition format (0.0.4, and the OpenMetrics subset
/// scrapers accept): every sample must belong to a family declared by <c># TYPE</c>, names and labels
/// must be valid, no series may repeat, and a histogram's buckets must be cumulative and end in
/// <c>+Inf</c> equal to its <c>_count</c>. A scrape that would confuse Prometheus fails the test here.
/// </summary>
internal sealed partial class PrometheusText
{
    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];

    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);
    private readonly List<Sample> _samples = [];

    private PrometheusText()
    {
    }

    /// <summary>A family's declared type (counter, gauge, histogram, …) by its name.</summary>
    public IReadOnlyDictionary<string, string> Types => _types;

    public IReadOnlyList<Sample> Samples => _samples;

    /// <param name="sumRepeatedSeries">
    /// Adds up a series that appears twice instead of failing. Only for scrapes of an in-process dms:
    /// ASP.NET Core's meters come from each host's own IMeterFactory, and OpenTelemetry listens to
    /// those of every host in the process (the tests' parallel ones too), one series per host.
    /// </param>
    public static PrometheusText Parse(string text, bool sumRepeatedSeries = false)
    {
        var parsed = new PrometheusText();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0 || line == "# EOF")
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                parsed.ReadComment(line, lineNumber);
                continue;
            }

            var sample = ReadSample(line, lineNumber);
            _ = parsed.FamilyOf(sample.Name) ?? throw new FormatException($"line {lineNumber}: sample {sample.Name} belongs to no # TYPE family");
            var series = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
            if (seen.TryGetValue(series, out var earlier))
            {
                parsed._samples[earlier] = sumRepeatedSeries
                    ? parsed._samples[earlier] with { Value = parsed._samples[earlier].Value + sample.Value }
                    : throw new FormatException($"line {lineNumber}: series repeated: {line}");
                continue;
            }

            seen[series] = parsed._samples.Count;
            parsed._samples.Add(sample);
        }

        parsed.CheckHistograms();
        return parsed;
    }

    /// <summary>The samples named <paramref name="name"/> whose labels include every pair given.</summary>
    public IEnumerable<Sample> Series(string name, params (string Label, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value));

    /// <summary>The sum over <see cref="Series"/>; 0 when there is none.</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) => Series(name, labels).Sum(s => s.Value);

    private void ReadComment(string line, int lineNumber)
    {
        var parts = line.Split(' ', 4);
        if (parts.Length < 3 || parts[1] is not ("TYPE" or "HELP" or "UNIT"))
        {
            return;
        }

        if (!MetricName().IsMatch(parts[2]))
        {
            throw new FormatException($"line {lineNumber}: bad metric name in {line}");
        }

        if (parts[1] == "TYPE")
        {
            var type = parts.Length == 4 ? parts[3] : throw new FormatException($"line {lineNumber}: # TYPE without a type");
            if (type is not ("counter" or "gauge" or "histogram" or "summary" or "untyped" or "unknown" or "info" or "stateset" or "gaugehistogram"))
            {
                throw new FormatException($"line {lineNumber}: unknown type {type}");
            }

            if (!_types.TryAdd(parts[2], type))
            {
                throw new FormatException($"line {lineNumber}: # TYPE {parts[2]} declared twice");
            }
        }
    }

    private string? FamilyOf(string sampleName)
    {
        if (_types.ContainsKey(sampleName))
        {
            return sampleName;
        }

        foreach (var suffix in HistogramSuffixes.Append("_total").Append("_created").Append("_info"))
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal) && _types.ContainsKey(sampleName[..^suffix.Length]))
            {
                return sampleName[..^suffix.Length];
            }
        }

        return null;
    }

    private void CheckHistograms()
    {
        foreach (var (family, _) in _types.Where(t => t.Value == "histogram"))
        {
            var byLabels = _samples.Where(s => s.Name == family + "_bucket")
                .GroupBy(s => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")));
            foreach (var series in byLabels)
            {
                var buckets = series.Select(s => (Le: ParseValue(s.Labels["le"], 0), s.Value)).OrderBy(b => b.Le).ToList();
                for (var i = 1; i < buckets.Count; i++)
                {
                    if (buckets[i].Value < buckets[i - 1].Value)
                    {
                        throw new FormatException($"{family}{{{series.Key}}}: buckets are not cumulative at le={buckets[i].Le}");
                    }
                }

                if (buckets.Count == 0 || !double.IsPositiveInfinity(buckets[^1].Le))
                {
                    throw new FormatException($"{family}{{{series.Key}}}: no +Inf bucket");
                }

                var labels = series.First().Labels.Where(l => l.Key != "le").ToArray();
                var count = _samples.SingleOrDefault(s => s.Name == family + "_count" && s.Labels.Count == labels.Length && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value))
                    ?? throw new FormatException($"{family}{{{series.Key}}}: no _count");
                if (count.Value != buckets[^1].Value)
                {
                    throw new FormatException($"{family}{{{series.Key}}}: _count {count.Value} differs from the +Inf bucket {buckets[^1].Value}");
                }
            }
        }
    }

    private static Sample ReadSample(string line, int lineNumber)
    {
        var nameEnd = 0;
        while (nameEnd < line.Length && line[nameEnd] is not ('{' or ' '))
        {
            nameEnd++;
        }

        var name = line[..nameEnd];
        if (!MetricName().IsMatch(name))
        {
            throw new FormatException($"line {lineNumber}: bad metric name '{name}'");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var at = nameEnd;
        if (at < line.Length && line[at] == '{')
        {
            at++;
            while (line[at] != '}')
            {
                var equals = line.IndexOf('=', at);
                var label = equals > at ? line[at..equals] : throw new FormatException($"line {lineNumber}: label without '='");
                if (!LabelName().IsMatch(label) || line[equals + 1] != '"')
                {
                    throw new FormatException($"line {lineNumber}: bad label '{label}'");
                }

                (var value, at) = ReadQuoted(line, equals + 2, lineNumber);
                if (!labels.TryAdd(label, value))
                {
                    throw new FormatException($"line {lineNumber}: label {label} repeated");
                }

                if (line[at] == ',')
                {
                    at++;
                }
                else if (line[at] != '}')
                {
                    throw new FormatException($"line {lineNumber}: expected ',' or '}}' after label {label}");
                }
            }

            at++;
        }

        var rest = line[at..].Split(' ', StringSplitOptions.None);
        if (rest.Length is < 2 or > 3 || rest[0] != "")
        {
            throw new FormatException($"line {lineNumber}: expected ' VALUE [TIMESTAMP]' in {line}");
        }

        if (rest.Length == 3 && !long.TryParse(rest[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw new FormatException($"line {lineNumber}: bad timestamp {rest[2]}");
        }

        return new Sample(name, labels, ParseValue(rest[1], lineNumber));
    }

    private static (string Value, int Next) ReadQuoted(string line, int at, int lineNumber)
    {
        var value = new StringBuilder();
        for (; at < line.Length; at++)
        {
            switch (line[at])
            {
                case '"':
                    return (value.ToString(), at + 1);
                case '\\' when at + 1 < line.Length:
                    at++;
                    value.Append(line[at] switch
                    {
                        '\\' => '\\',
                        '"' => '"',
                        'n' => '\n',
                        _ => throw new FormatException($"line {lineNumber}: bad escape \\{line[at]}"),
                    });
                    break;
                default:
                    value.Append(line[at]);
                    break;
            }
        }

        throw new FormatException($"line {lineNumber}: unterminated label value");
    }

    private static double ParseValue(string text, int lineNumber) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"line {lineNumber}: '{text}' is not a number"),
    };

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
