using System.Buffers.Binary;
using NvmeTcp.Host;
using NvmeTcp.Nvme;

namespace NvmeTcp.Tests.Nvme;

/// <summary>Identify Namespace (spec §9.2) values a hostile target could send are refused, never wrapped.</summary>
public class NamespaceIdentityTests
{
    private static byte[] Page(ulong nsze, byte lbads, ulong? ncap = null)
    {
        byte[] page = new byte[IdentifyCns.DataSize];
        BinaryPrimitives.WriteUInt64LittleEndian(page, nsze);
        BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(8), ncap ?? nsze);
        page[128 + 2] = lbads; // LBAF0.LBADS, FLBAS 0
        return page;
    }

    [Theory]
    [InlineData(9, 512)]
    [InlineData(12, 4096)]
    [InlineData(16, 65536)]
    public void Lbads_InRange_GivesTheBlockSize(byte lbads, int blockSize)
    {
        Assert.Equal(blockSize, NamespaceIdentity.Read(Page(1000, lbads), 1).BlockSize);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(31)]
    [InlineData(40)]
    [InlineData(255)]
    public void Lbads_OutOfRange_IsRefusedNamingTheValue(byte lbads)
    {
        NvmeException error = Assert.Throws<NvmeException>(() => NamespaceIdentity.Read(Page(1000, lbads), 7));
        Assert.Contains($"Identify Namespace 7 reports LBADS {lbads} in LBA format 0", error.Message);
        Assert.Equal(NvmeErrorKind.ProtocolError, error.Kind);
    }

    [Fact]
    public void Nsze_WhoseByteSizeOverflows_IsRefused()
    {
        const ulong largest = (ulong)long.MaxValue >> 12;
        NamespaceIdentity fits = NamespaceIdentity.Read(Page(largest, 12), 1);
        Assert.Equal(largest, fits.BlockCount);

        NvmeException error = Assert.Throws<NvmeException>(() => NamespaceIdentity.Read(Page(largest + 1, 12), 1));
        Assert.Contains($"NSZE {largest + 1} blocks of 2^12 bytes", error.Message);
    }

    [Fact]
    public void Ncap_AboveNsze_IsRefused()
    {
        NvmeException error = Assert.Throws<NvmeException>(() => NamespaceIdentity.Read(Page(1000, 12, ncap: 1001), 1));
        Assert.Contains("NCAP 1001 blocks above NSZE 1000", error.Message);
    }

    [Fact]
    public void AllZeroPage_IsAnInactiveNamespace()
    {
        Assert.False(NamespaceIdentity.Read(new byte[IdentifyCns.DataSize], 3).IsActive);
    }
}
