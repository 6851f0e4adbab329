using System.Text.Json.Serialization;

namespace Lightbits.Api.Model;

/// <summary>The proto <c>StringList</c> wrapper: <c>{"values": [...]}</c>, used by ACLs and IP-ACLs.</summary>
public sealed record StringList
{
    public const string AllowAny = "ALLOW_ANY";
    public const string AllowNone = "ALLOW_NONE";

    [JsonPropertyName("values")]
    public IReadOnlyList<string> Values { get; init; } = [];

    public static StringList Of(params string[] values) => new() { Values = values };

    public bool Contains(string value) => Values.Contains(value, StringComparer.Ordinal);

    public bool Equals(StringList? other) => other is not null && Values.SequenceEqual(other.Values, StringComparer.Ordinal);

    public override int GetHashCode() => Values.Aggregate(0, (hash, value) => HashCode.Combine(hash, value));
}
