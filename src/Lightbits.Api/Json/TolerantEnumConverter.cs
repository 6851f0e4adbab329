using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lightbits.Api.Json;

/// <summary>
/// Enums travel as their proto names; proto3 JSON also accepts the numeric value on input.
/// A name this client does not know (a newer cluster) reads as the enum's zero value
/// ("Unknown" in every Lightbits enum) instead of failing the whole response.
/// </summary>
public sealed class TolerantEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var name = reader.GetString();
                return Enum.TryParse<TEnum>(name, ignoreCase: false, out var byName) && Enum.IsDefined(byName)
                    ? byName
                    : default;
            case JsonTokenType.Number:
                var number = reader.GetInt32();
                var byNumber = (TEnum)Enum.ToObject(typeof(TEnum), number);
                return Enum.IsDefined(byNumber) ? byNumber : default;
            default:
                throw new JsonException($"expected a {typeof(TEnum).Name} name, got {reader.TokenType}");
        }
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}

/// <summary>Applies <see cref="TolerantEnumConverter{TEnum}"/> to every enum type.</summary>
public sealed class TolerantEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(TolerantEnumConverter<>).MakeGenericType(typeToConvert))!;
}
