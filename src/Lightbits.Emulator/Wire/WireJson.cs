using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Lightbits.Emulator.Wire;

/// <summary>
/// grpc-gateway v1's JSONPb rules (spec lightbits-api.md §1): proto field names as given per
/// property, enums as names, 64-bit integers as strings, Timestamps in RFC 3339. Responses leave
/// out zero values (false, 0, "", empty lists, nulls) unless EmitDefaults asks for them, as the
/// gateway's marshaler does; requests take numbers as strings and enums by name or number.
/// </summary>
internal static class WireJson
{
    public static JsonSerializerOptions Requests { get; } = Create(emitDefaults: true);

    /// <summary>For the emulator's own test controls: exact shapes, so a misspelt control field is a 400, not a silent no-op.</summary>
    public static JsonSerializerOptions Controls { get; } = new(Requests) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    private static readonly JsonSerializerOptions OmitZero = Create(emitDefaults: false);

    public static JsonSerializerOptions Responses(bool emitDefaults) => emitDefaults ? Requests : OmitZero;

    /// <summary>Copies the rules into options someone else owns (ASP.NET Core's, used by Results.Json).</summary>
    public static void ApplyTo(JsonSerializerOptions target, bool emitDefaults)
    {
        var source = Responses(emitDefaults);
        target.TypeInfoResolver = source.TypeInfoResolver;
        target.NumberHandling = source.NumberHandling;
        target.PropertyNameCaseInsensitive = source.PropertyNameCaseInsensitive;
        target.PropertyNamingPolicy = null;
        target.Encoder = source.Encoder;
        target.Converters.Clear();
        foreach (var converter in source.Converters)
        {
            target.Converters.Add(converter);
        }
    }

    private static JsonSerializerOptions Create(bool emitDefaults)
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(emitDefaults ? EmitZeroValues : OmitZeroValues);
        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = resolver,
            // Field names are case-sensitive in the gateway's unmarshaler (golang/protobuf jsonpb matches names exactly).
            PropertyNameCaseInsensitive = false,
            // Cinder sends "replicaCount": "3" and it works on real clusters (spec §1).
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            // Error messages quote names; \u0022 escapes would make them unreadable. Not HTML-embedded.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new UInt64AsString(), new Rfc3339Timestamp(), new JsonStringEnumConverter() },
        };
        options.MakeReadOnly();
        return options;
    }

    private static void OmitZeroValues(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }
        foreach (var property in type.Properties)
        {
            property.ShouldSerialize = (_, value) => !IsZero(value);
        }
    }

    /// <summary>With EmitDefaults the gateway writes "" for an unset string and [] for an empty list, never null.</summary>
    private static void EmitZeroValues(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }
        foreach (var property in type.Properties)
        {
            var get = property.Get;
            if (get is null)
            {
                continue;
            }
            var isMessage = property.AttributeProvider?.IsDefined(typeof(WireMessageAttribute), inherit: false) == true;
            if (property.PropertyType == typeof(string) && !isMessage)
            {
                property.Get = owner => get(owner) ?? "";
            }
            else if (property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            {
                var empty = Array.CreateInstance(property.PropertyType.GetGenericArguments()[0], 0);
                property.Get = owner => get(owner) ?? empty;
            }
        }
    }

    private static bool IsZero(object? value) => value switch
    {
        null => true,
        string text => text.Length == 0,
        bool flag => !flag,
        Enum choice => Convert.ToInt64(choice, CultureInfo.InvariantCulture) == 0,
        ICollection items => items.Count == 0,
        int or uint or long or ulong or double => Convert.ToDouble(value, CultureInfo.InvariantCulture) == 0,
        _ => false,
    };

    /// <summary>uint64 is a JSON string in proto3 JSON; a number is accepted on input too.</summary>
    private sealed class UInt64AsString : JsonConverter<ulong>
    {
        public override ulong Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number)
            {
                return reader.GetUInt64();
            }
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new JsonException($"expected an unsigned 64-bit integer, got {reader.TokenType}");
        }

        public override void Write(Utf8JsonWriter writer, ulong value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>google.protobuf.Timestamp: RFC 3339 in UTC with a "Z".</summary>
    private sealed class Rfc3339Timestamp : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString() ?? throw new JsonException("expected an RFC 3339 timestamp"), CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// Marks a field the proto declares as a message (e.g. google.protobuf.Duration) although the
/// emulator holds it as text: unset, it is null even with EmitDefaults, never "".
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class WireMessageAttribute : Attribute;
