using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lightbits.Api.Json;

/// <summary>
/// 32-bit integers are JSON numbers, but clients such as Cinder send <c>"replicaCount": "3"</c>
/// and the cluster accepts it (spec lightbits-api.md §1), so numeric strings are read too.
/// </summary>
public sealed class UInt32FlexibleConverter : JsonConverter<uint>
{
    public override uint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetUInt32();
        }
        if (reader.TokenType == JsonTokenType.String)
        {
            var raw = reader.ValueSpan;
            if (Utf8Parser.TryParse(raw, out uint value, out int consumed) && consumed == raw.Length)
            {
                return value;
            }
            throw new JsonException($"expected an unsigned 32-bit integer, got \"{reader.GetString()}\"");
        }
        throw new JsonException($"expected an unsigned 32-bit integer, got {reader.TokenType}");
    }

    public override void Write(Utf8JsonWriter writer, uint value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value);
}
