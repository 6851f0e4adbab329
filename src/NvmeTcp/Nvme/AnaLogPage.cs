using System.Buffers.Binary;

namespace NvmeTcp.Nvme;

/// <summary>
/// ANA log page 0x0C (NVMe base spec 1.4 §5.14.1.12): header CHGCNT(8) NGRPS(2) rsvd(6), then per group
/// ANAGRPID(4) NNSID(4) CHGCNT(8) ANAS(1) rsvd(15) and NNSID 4-byte NSIDs.
/// </summary>
internal static class AnaLogPage
{
    private const int HeaderSize = 16, GroupHeaderSize = 32;

    /// <summary>
    /// The most a controller's ANA log can hold: the header, <paramref name="groups"/> descriptors (NANAGRPID) and
    /// <paramref name="namespaces"/> NSIDs (MNAN). Linux reads exactly this much (multipath.c nvme_mpath_init_identify).
    /// </summary>
    public static long MaxSize(uint groups, uint namespaces) => HeaderSize + (long)GroupHeaderSize * groups + 4L * namespaces;

    public static byte[] Build(ulong changeCount, IReadOnlyList<AnaGroup> groups)
    {
        int size = HeaderSize;
        foreach (AnaGroup g in groups)
        {
            size += GroupHeaderSize + 4 * g.NamespaceIds.Count;
        }

        byte[] page = new byte[size];
        BinaryPrimitives.WriteUInt64LittleEndian(page, changeCount);
        BinaryPrimitives.WriteUInt16LittleEndian(page.AsSpan(8), (ushort)groups.Count);
        int offset = HeaderSize;
        foreach (AnaGroup g in groups)
        {
            Span<byte> d = page.AsSpan(offset);
            BinaryPrimitives.WriteUInt32LittleEndian(d, g.GroupId);
            BinaryPrimitives.WriteUInt32LittleEndian(d[4..], (uint)g.NamespaceIds.Count);
            BinaryPrimitives.WriteUInt64LittleEndian(d[8..], changeCount);
            d[16] = (byte)g.State;
            for (int i = 0; i < g.NamespaceIds.Count; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(d[(GroupHeaderSize + 4 * i)..], g.NamespaceIds[i]);
            }

            offset += GroupHeaderSize + 4 * g.NamespaceIds.Count;
        }

        return page;
    }

    /// <summary>Bytes needed to hold the whole log: read the header first to learn the group count.</summary>
    public static int GroupCount(ReadOnlySpan<byte> page) => BinaryPrimitives.ReadUInt16LittleEndian(page[8..]);

    public static List<AnaGroup> Read(ReadOnlySpan<byte> page)
    {
        int count = GroupCount(page);
        var groups = new List<AnaGroup>(count);
        int offset = HeaderSize;
        for (int i = 0; i < count && offset + GroupHeaderSize <= page.Length; i++)
        {
            ReadOnlySpan<byte> d = page[offset..];
            uint id = BinaryPrimitives.ReadUInt32LittleEndian(d);
            int nsCount = (int)BinaryPrimitives.ReadUInt32LittleEndian(d[4..]);
            var nsids = new uint[Math.Max(0, Math.Min(nsCount, (d.Length - GroupHeaderSize) / 4))];
            for (int n = 0; n < nsids.Length; n++)
            {
                nsids[n] = BinaryPrimitives.ReadUInt32LittleEndian(d[(GroupHeaderSize + 4 * n)..]);
            }

            groups.Add(new AnaGroup(id, (AnaState)(d[16] & 0x0F), nsids));
            offset += GroupHeaderSize + 4 * nsCount;
        }

        return groups;
    }
}
