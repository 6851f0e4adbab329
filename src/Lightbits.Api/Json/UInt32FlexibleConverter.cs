using System.Buffers.Text;
using System.Text.Json;

namespace Lightbits.Api.Json;

/// <summary>
/// 32-bit integers are JSON numbers, but clients such as Cinder send <c>"replicaCount": "3"</c>
/// and the cluster accepts it (spec lightbits-api.md §1), so numeric strings are read too.
/// </summary>
public sealed class UInt32FlexibleConverter : FlexibleUnsignedConverter<uint>
{
    private protected override string Expected => "an unsigned 32-bit integer";

    private protected override uint GetNumber(ref Utf8JsonReader reader) => reader.GetUInt32();

    private protected override bool TryParse(ReadOnlySpan<byte> utf8, out uint value, out int consumed) =>
        Utf8Parser.TryParse(utf8, out value, out consumed);

    public override void Write(Utf8JsonWriter writer, uint value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value);
}
