using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lightbits.Api.Json;

/// <summary>
/// Reads an unsigned integer sent as a JSON number or as a string of digits: proto3 JSON writes
/// 64-bit integers as strings, and clients such as Cinder quote 32-bit ones too (spec
/// lightbits-api.md §1). Subclasses say how the integer is written back.
/// </summary>
public abstract class FlexibleUnsignedConverter<T> : JsonConverter<T>
{
    /// <summary>What the value must be, for errors: "an unsigned 64-bit integer".</summary>
    private protected abstract string Expected { get; }

    /// <summary>The number token's value, as the reader's typed getter reads it (its errors name the property).</summary>
    private protected abstract T GetNumber(ref Utf8JsonReader reader);

    /// <summary>Parses digits only, as <see cref="System.Buffers.Text.Utf8Parser"/> does.</summary>
    private protected abstract bool TryParse(ReadOnlySpan<byte> utf8, out T value, out int consumed);

    public sealed override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return GetNumber(ref reader);
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            var raw = reader.ValueSpan;
            if (TryParse(raw, out var value, out var consumed) && consumed == raw.Length)
            {
                return value;
            }
            throw new JsonException($"expected {Expected}, got \"{reader.GetString()}\"");
        }
        throw new JsonException($"expected {Expected}, got {reader.TokenType}");
    }
}
