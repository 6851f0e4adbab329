using System.Buffers.Binary;

namespace NvmeTcp.Nvme;

/// <summary>Discovery log page layout (spec §11): a 1024-byte header then 1024-byte entries.</summary>
internal static class DiscoveryLogPage
{
    public const int HeaderSize = 1024;

    public static byte[] Build(ulong generation, IReadOnlyList<DiscoveryLogEntry> entries)
    {
        byte[] page = new byte[HeaderSize + entries.Count * DiscoveryLogEntry.Size];
        BinaryPrimitives.WriteUInt64LittleEndian(page, generation);
        BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(8), (ulong)entries.Count);
        for (int i = 0; i < entries.Count; i++)
        {
            entries[i].Write(page.AsSpan(HeaderSize + i * DiscoveryLogEntry.Size));
        }

        return page;
    }

    public static (ulong Generation, ulong RecordCount) ReadHeader(ReadOnlySpan<byte> page) =>
        (BinaryPrimitives.ReadUInt64LittleEndian(page), BinaryPrimitives.ReadUInt64LittleEndian(page[8..]));

    public static List<DiscoveryLogEntry> ReadEntries(ReadOnlySpan<byte> page, int count)
    {
        var entries = new List<DiscoveryLogEntry>(count);
        for (int i = 0; i < count; i++)
        {
            entries.Add(DiscoveryLogEntry.Read(page.Slice(HeaderSize + i * DiscoveryLogEntry.Size, DiscoveryLogEntry.Size)));
        }

        return entries;
    }
}
