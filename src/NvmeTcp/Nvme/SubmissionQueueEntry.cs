using System.Buffers.Binary;

namespace NvmeTcp.Nvme;

/// <summary>The 64-byte submission queue entry (spec §4.1); fabrics commands put FCTYPE in byte 4 (spec §7).</summary>
internal struct SubmissionQueueEntry
{
    public const int Size = 64;

    /// <summary>PSDT = 01b: over fabrics the data pointer is always an SGL (spec §4.1).</summary>
    public const byte SglFlags = 0x40;

    public byte Opcode;
    public byte Flags;
    public ushort CommandId;
    public uint NamespaceId;
    public uint Cdw2;
    public uint Cdw3;
    public ulong MetadataPointer;
    public SglDescriptor Sgl;
    public uint Cdw10;
    public uint Cdw11;
    public uint Cdw12;
    public uint Cdw13;
    public uint Cdw14;
    public uint Cdw15;

    /// <summary>Fabrics command type shares the NSID's first byte (spec §7).</summary>
    public readonly byte FabricsCommandType => (byte)NamespaceId;

    public static SubmissionQueueEntry Read(ReadOnlySpan<byte> s) => new()
    {
        Opcode = s[0],
        Flags = s[1],
        CommandId = BinaryPrimitives.ReadUInt16LittleEndian(s[2..]),
        NamespaceId = BinaryPrimitives.ReadUInt32LittleEndian(s[4..]),
        Cdw2 = BinaryPrimitives.ReadUInt32LittleEndian(s[8..]),
        Cdw3 = BinaryPrimitives.ReadUInt32LittleEndian(s[12..]),
        MetadataPointer = BinaryPrimitives.ReadUInt64LittleEndian(s[16..]),
        Sgl = SglDescriptor.Read(s[24..]),
        Cdw10 = BinaryPrimitives.ReadUInt32LittleEndian(s[40..]),
        Cdw11 = BinaryPrimitives.ReadUInt32LittleEndian(s[44..]),
        Cdw12 = BinaryPrimitives.ReadUInt32LittleEndian(s[48..]),
        Cdw13 = BinaryPrimitives.ReadUInt32LittleEndian(s[52..]),
        Cdw14 = BinaryPrimitives.ReadUInt32LittleEndian(s[56..]),
        Cdw15 = BinaryPrimitives.ReadUInt32LittleEndian(s[60..]),
    };

    public readonly void Write(Span<byte> s)
    {
        s[0] = Opcode;
        s[1] = Flags;
        BinaryPrimitives.WriteUInt16LittleEndian(s[2..], CommandId);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], NamespaceId);
        BinaryPrimitives.WriteUInt32LittleEndian(s[8..], Cdw2);
        BinaryPrimitives.WriteUInt32LittleEndian(s[12..], Cdw3);
        BinaryPrimitives.WriteUInt64LittleEndian(s[16..], MetadataPointer);
        Sgl.Write(s[24..]);
        BinaryPrimitives.WriteUInt32LittleEndian(s[40..], Cdw10);
        BinaryPrimitives.WriteUInt32LittleEndian(s[44..], Cdw11);
        BinaryPrimitives.WriteUInt32LittleEndian(s[48..], Cdw12);
        BinaryPrimitives.WriteUInt32LittleEndian(s[52..], Cdw13);
        BinaryPrimitives.WriteUInt32LittleEndian(s[56..], Cdw14);
        BinaryPrimitives.WriteUInt32LittleEndian(s[60..], Cdw15);
    }

    /// <summary>Starting LBA of Read/Write/Write Zeroes: CDW10-11 (spec §10).</summary>
    public ulong StartingLba
    {
        readonly get => Cdw10 | ((ulong)Cdw11 << 32);
        set
        {
            Cdw10 = (uint)value;
            Cdw11 = (uint)(value >> 32);
        }
    }

    /// <summary>Number of logical blocks (CDW12 15:0 is 0's based, spec §10).</summary>
    public readonly int BlockCount => (int)(Cdw12 & 0xFFFF) + 1;
}
