using System.Buffers.Binary;

namespace NvmeTcp.Nvme;

/// <summary>
/// The Changed Namespace List log page (0x04, NVMe Base 2.0 §5.16.1.5): a Namespace List of up to 1024 NSIDs, ascending
/// and zero-filled after the last; FFFFFFFFh as the first entry (the rest zero) says more changed than fit.
/// </summary>
internal static class ChangedNamespaceList
{
    /// <summary>1024 entries of 4 bytes: what Linux reads (core.c nvme_clear_changed_ns_log, NVME_MAX_CHANGED_NAMESPACES).</summary>
    public const int Size = 4096;

    public const uint Overflow = 0xFFFFFFFF;

    /// <summary>The page for <paramref name="nsids"/> (ascending, as a controller keeps them): the overflow marker when more than fit.</summary>
    public static byte[] Build(IReadOnlyList<uint> nsids)
    {
        byte[] page = new byte[Size];
        if (nsids.Count > Size / 4)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(page, Overflow);
            return page;
        }

        for (int i = 0; i < nsids.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(i * 4), nsids[i]);
        }

        return page;
    }

    /// <summary>The NSIDs up to the first zero entry; null when the list overflowed (every namespace may have changed).</summary>
    public static IReadOnlyList<uint>? Read(ReadOnlySpan<byte> page)
    {
        var nsids = new List<uint>();
        for (int offset = 0; offset + 4 <= page.Length; offset += 4)
        {
            uint nsid = BinaryPrimitives.ReadUInt32LittleEndian(page[offset..]);
            if (nsid == 0)
            {
                break;
            }

            if (nsid == Overflow && offset == 0)
            {
                return null;
            }

            nsids.Add(nsid);
        }

        return nsids;
    }
}
