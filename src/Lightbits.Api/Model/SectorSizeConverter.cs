using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lightbits.Api.Model;

/// <summary>
/// In CreateVolumeRequest <c>sectorSize</c> is the proto enum <c>sectorSize_Default(0) |
/// sectorSize_512B(512) | sectorSize_4K(4096)</c>; proto3 JSON accepts its name or number, and
/// we write the number (valid for either reading).
/// </summary>
public sealed class SectorSizeConverter : JsonConverter<uint?>
{
    public override uint? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return reader.GetUInt32();
            case JsonTokenType.String:
                var text = reader.GetString();
                return text switch
                {
                    "sectorSize_Default" => 0,
                    "sectorSize_512B" => 512,
                    "sectorSize_4K" => 4096,
                    _ when uint.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
                    _ => throw new JsonException($"sectorSize: unknown value \"{text}\""),
                };
            default:
                throw new JsonException($"sectorSize: expected a number or a name, got {reader.TokenType}");
        }
    }

    public override void Write(Utf8JsonWriter writer, uint? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
