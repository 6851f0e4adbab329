using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;

namespace Lightbits.Api.Json;

/// <summary>64-bit integers are written as strings, as proto3 JSON does (spec lightbits-api.md §1); numbers are read too.</summary>
public sealed class UInt64AsStringConverter : FlexibleUnsignedConverter<ulong>
{
    private protected override string Expected => "an unsigned 64-bit integer";

    private protected override ulong GetNumber(ref Utf8JsonReader reader) => reader.GetUInt64();

    private protected override bool TryParse(ReadOnlySpan<byte> utf8, out ulong value, out int consumed) =>
        Utf8Parser.TryParse(utf8, out value, out consumed);

    public override void Write(Utf8JsonWriter writer, ulong value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}
