using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace NvmeTcp.Pdu;

/// <summary>CRC-32C (Castagnoli) as NVMe/TCP header and data digests use it (spec §3).</summary>
internal static class Crc32C
{
    public const int Size = 4;

    /// <summary>The running CRC before the first byte; the digest is the complement of the running CRC after the last.</summary>
    public const uint Seed = 0xFFFFFFFFu;

    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(Seed, data);

    /// <summary>The digest of the concatenation of <paramref name="data"/>.</summary>
    public static uint Compute(IReadOnlyList<ArraySegment<byte>> data)
    {
        uint crc = Seed;
        foreach (ArraySegment<byte> segment in data)
        {
            crc = Update(crc, segment);
        }

        return ~crc;
    }

    /// <summary>Feeds bytes into a running (not yet inverted) CRC; 8 bytes at a time to use the hardware instruction.</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (ulong word in words)
        {
            crc = BitOperations.Crc32C(crc, BitConverterLittleEndian(word));
        }

        foreach (byte b in data[(words.Length * sizeof(ulong))..])
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }

    /// <summary>Computes the digest of <paramref name="data"/> and stores it little-endian (spec §3).</summary>
    public static void Write(ReadOnlySpan<byte> data, Span<byte> destination) =>
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Compute(data));

    /// <summary>Stores a computed digest little-endian (spec §3).</summary>
    public static void Write(uint digest, Span<byte> destination) =>
        BinaryPrimitives.WriteUInt32LittleEndian(destination, digest);

    public static bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> digest) =>
        BinaryPrimitives.ReadUInt32LittleEndian(digest) == Compute(data);

    private static ulong BitConverterLittleEndian(ulong word) =>
        BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word);
}
