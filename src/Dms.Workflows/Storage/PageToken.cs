using System.Buffers.Binary;

namespace Dms.Workflows.Storage;

/// <summary>
/// Keyset cursor of the workflow list: the (createdAt, id) of the last workflow of a page.
/// Opaque to clients (base64url of 8 + 16 bytes), so it cannot be hand-crafted by accident.
/// </summary>
public readonly record struct PageToken(long CreatedAtMicros, Guid Id)
{
    private const int Length = 8 + 16;

    public static PageToken After(WorkflowRecord last) => new(UnixMicros.From(last.CreatedAt), last.Id);

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, CreatedAtMicros);
        Id.TryWriteBytes(bytes[8..], bigEndian: true, out _);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>False for anything <see cref="Encode"/> could not have produced.</summary>
    public static bool TryDecode(string? text, out PageToken token)
    {
        token = default;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return false;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += (base64.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => "!" };
        Span<byte> bytes = stackalloc byte[Length + 3];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written != Length)
        {
            return false;
        }

        var micros = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (micros < 0)
        {
            return false;
        }

        token = new PageToken(micros, new Guid(bytes[8..Length], bigEndian: true));
        return true;
    }
}
