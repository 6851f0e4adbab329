using System.Buffers.Binary;
using NvmeTcp.Host;

namespace NvmeTcp.Nvme;

/// <summary>
/// Identify Namespace fields (spec §9.2). One LBA format is reported (index 0). <paramref name="Nguid"/> is the
/// namespace's globally unique identifier (bytes 104-119), written in the UUID's RFC 4122 byte order so that a
/// Linux host shows it as that UUID (sysfs <c>nguid</c>, printed with %pU): a Lightbits volume's NGUID is its UUID
/// (lightbits-api.md §9).
/// </summary>
internal readonly record struct NamespaceIdentity(ulong BlockCount, int BlockSize, uint AnaGroupId, Guid Nguid = default)
{
    private const int NguidOffset = 104;
    private const byte NguidType = 2, UuidType = 3, CommandSetType = 4;

    /// <summary>An inactive NSID identifies as an all-zero page (spec §9.2).</summary>
    public bool IsActive => BlockCount != 0 && BlockSize != 0;

    public void Write(Span<byte> d, bool sharedMultiPath)
    {
        d[..IdentifyCns.DataSize].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(d, BlockCount);
        BinaryPrimitives.WriteUInt64LittleEndian(d[8..], BlockCount);
        BinaryPrimitives.WriteUInt64LittleEndian(d[16..], BlockCount);
        d[24] = 1; // NSFEAT: thin provisioned, deallocate frees space.
        d[25] = 0; // NLBAF: one format.
        d[26] = 0; // FLBAS: format 0, no metadata.
        d[30] = (byte)(sharedMultiPath ? 1 : 0);
        d[33] = 0x09; // DLFEAT: deallocated blocks read as zeros; Write Zeroes may deallocate.
        BinaryPrimitives.WriteUInt32LittleEndian(d[92..], AnaGroupId);
        Nguid.TryWriteBytes(d.Slice(NguidOffset, 16), bigEndian: true, out _);
        d[128 + 2] = (byte)System.Numerics.BitOperations.Log2((uint)BlockSize);
    }

    /// <summary>
    /// The smallest and largest LBADS (log2 of the block size) a namespace may report. NVMe Base, Identify
    /// Namespace LBA Format (LBAF.LBADS): "a value smaller than 9 (i.e., 512 bytes) is not supported". The
    /// spec sets no upper limit; 16 (64 KiB) is the largest logical block the Linux block layer accepts
    /// (BLK_MAX_BLOCK_SIZE) and far above what Lightbits offers (512 or 4096, lightbits-api.md §10).
    /// A larger value is not a real volume, and from 31 on <c>1 &lt;&lt; lbads</c> would wrap.
    /// </summary>
    public const int MinLbads = 9, MaxLbads = 16;

    /// <summary>
    /// Parses an Identify Namespace page (spec §9.2). An active namespace must have a block size in
    /// 2^<see cref="MinLbads"/>..2^<see cref="MaxLbads"/>, NCAP ≤ NSZE (NVMe Base, Identify Namespace NCAP) and
    /// a size in bytes that fits a <see cref="long"/>; anything else is refused rather than wrapped.
    /// </summary>
    public static NamespaceIdentity Read(ReadOnlySpan<byte> d, uint nsid)
    {
        ulong blocks = BinaryPrimitives.ReadUInt64LittleEndian(d);
        ulong capacity = BinaryPrimitives.ReadUInt64LittleEndian(d[8..]);
        uint anaGroup = BinaryPrimitives.ReadUInt32LittleEndian(d[92..]);
        var nguid = new Guid(d.Slice(NguidOffset, 16), bigEndian: true);
        if (blocks == 0)
        {
            return new NamespaceIdentity(0, 0, anaGroup, nguid); // inactive: an all-zero page (spec §9.2)
        }

        int flbas = d[26];
        int formatIndex = (flbas & 0x0F) | ((flbas >> 1) & 0x30);
        byte lbads = d[128 + formatIndex * 4 + 2];
        string where = $"Identify Namespace {nsid}";
        if (lbads is < MinLbads or > MaxLbads)
        {
            throw new NvmeException(NvmeErrorKind.ProtocolError,
                $"{where} reports LBADS {lbads} in LBA format {formatIndex}: a block size of 2^{lbads} bytes is outside 2^{MinLbads}..2^{MaxLbads} (512 B..64 KiB).");
        }

        if (capacity > blocks)
        {
            throw new NvmeException(NvmeErrorKind.ProtocolError, $"{where} reports NCAP {capacity} blocks above NSZE {blocks}.");
        }

        if (blocks > (ulong)long.MaxValue >> lbads)
        {
            throw new NvmeException(NvmeErrorKind.ProtocolError,
                $"{where} reports NSZE {blocks} blocks of 2^{lbads} bytes, more bytes than a 64-bit size can hold.");
        }

        return new NamespaceIdentity(blocks, 1 << lbads, anaGroup, nguid);
    }

    /// <summary>
    /// Writes the CNS 3 descriptor list (spec §9.2): NGUID (type 2) and UUID (type 3), both <paramref name="uuid"/> as
    /// a Lightbits namespace reports its volume UUID, then the command set (type 4, NVM) as Linux's target does.
    /// </summary>
    public static void WriteDescriptors(Span<byte> d, Guid uuid)
    {
        d[..IdentifyCns.DataSize].Clear();
        int offset = 0;
        foreach (byte type in new[] { NguidType, UuidType })
        {
            d[offset] = type;
            d[offset + 1] = 16;
            uuid.TryWriteBytes(d[(offset + 4)..], bigEndian: true, out _);
            offset += 20;
        }

        d[offset] = CommandSetType;
        d[offset + 1] = 1;
        d[offset + 4] = 0;
    }

    /// <summary>Finds the UUID descriptor (NIDT 3) in a CNS 3 list, or <see cref="Guid.Empty"/>.</summary>
    public static Guid ReadUuidDescriptor(ReadOnlySpan<byte> d) => ReadGuidDescriptor(d, UuidType);

    /// <summary>Finds the NGUID descriptor (NIDT 2) in a CNS 3 list, or <see cref="Guid.Empty"/>.</summary>
    public static Guid ReadNguidDescriptor(ReadOnlySpan<byte> d) => ReadGuidDescriptor(d, NguidType);

    private static Guid ReadGuidDescriptor(ReadOnlySpan<byte> d, byte wanted)
    {
        int offset = 0;
        while (offset + 4 <= d.Length && d[offset] != 0)
        {
            int type = d[offset], length = d[offset + 1];
            if (offset + 4 + length > d.Length)
            {
                break;
            }

            if (type == wanted && length == 16)
            {
                return new Guid(d.Slice(offset + 4, 16), bigEndian: true);
            }

            offset += 4 + length;
        }

        return Guid.Empty;
    }
}
