using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lightbits.Api.Json;

/// <summary>
/// The JSON conventions of the Lightbits REST gateway (grpc-gateway v1 JSONPb, spec
/// lightbits-api.md §1): proto field names verbatim (set per property), enums as names, uint64
/// as strings, absent fields omitted and tolerated.
/// </summary>
public static class LightbitsJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNameCaseInsensitive = false,
            NumberHandling = JsonNumberHandling.Strict,
            WriteIndented = false,
            // Error messages quote names; \u0022 escapes would make them unreadable. Not HTML-embedded.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new UInt64AsStringConverter());
        options.Converters.Add(new UInt32FlexibleConverter());
        options.Converters.Add(new TolerantEnumConverterFactory());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
