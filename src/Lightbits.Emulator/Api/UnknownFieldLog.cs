using System.Text.Json.Serialization;

namespace Lightbits.Emulator.Api;

/// <summary>One request field a real cluster would have dropped silently.</summary>
public sealed record UnknownField(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("route")] string Route,
    [property: JsonPropertyName("field")] string Field);

/// <summary>
/// Every unknown request field the cluster received since start (or the last clear), for tests
/// that assert a client sends only fields the API has (GET /_emulator/unknown-fields).
/// </summary>
public sealed class UnknownFieldLog
{
    private readonly Lock _lock = new();
    private readonly List<UnknownField> _fields = [];

    public IReadOnlyList<UnknownField> Snapshot()
    {
        lock (_lock)
        {
            return [.. _fields];
        }
    }

    internal void Add(IEnumerable<UnknownField> fields)
    {
        lock (_lock)
        {
            _fields.AddRange(fields);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _fields.Clear();
        }
    }
}
