using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lightbits.Api.Json;

/// <summary>
/// proto3 JSON writes 64-bit integers as strings (spec lightbits-api.md §1); real clusters and
/// older clients may send plain numbers, so both are read.
/// </summary>
public sealed class UInt64AsStringConverter : JsonConverter<ulong>
{
    public override ulong Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetUInt64();
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            var raw = reader.ValueSpan;
            if (Utf8Parser.TryParse(raw, out ulong value, out int consumed) && consumed == raw.Length)
            {
                return value;
            }
            throw new JsonException($"expected an unsigned 64-bit integer, got \"{reader.GetString()}\"");
        }
        throw new JsonException($"expected an unsigned 64-bit integer, got {reader.TokenType}");
    }

    public override void Write(Utf8JsonWriter writer, ulong value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}
