using System.Text;

namespace NvmeTcp.Nvme;

/// <summary>Fixed-size text fields: NQNs (NUL padded, spec §1) and identify strings (space padded, spec §9.1).</summary>
internal static class AsciiField
{
    /// <summary>NQNs may be at most 223 bytes of UTF-8 (spec §1).</summary>
    public const int MaxNqnBytes = 223;
    public const int NqnFieldSize = 256;

    public static void WritePadded(Span<byte> field, string value, byte padding)
    {
        field.Fill(padding);
        int written = Encoding.UTF8.GetBytes(value.AsSpan(), field);
        _ = written;
    }

    public static void WriteNqn(Span<byte> field, string nqn)
    {
        if (Encoding.UTF8.GetByteCount(nqn) > MaxNqnBytes)
        {
            throw new ArgumentException($"NQN '{nqn}' is longer than {MaxNqnBytes} bytes.", nameof(nqn));
        }

        WritePadded(field[..NqnFieldSize], nqn, 0);
    }

    /// <summary>Reads text up to the first NUL, trimming space padding (Linux pads some fields with NULs, others with spaces).</summary>
    public static string Read(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        if (end >= 0)
        {
            field = field[..end];
        }

        return Encoding.UTF8.GetString(field).TrimEnd(' ');
    }
}
