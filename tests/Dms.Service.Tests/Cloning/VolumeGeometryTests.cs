using Dms.Service.Cloning;

namespace Dms.Service.Tests.Cloning;

/// <summary>A namespace is the volume only when NSZE × block size is the volume's size and the block size its sectorSize.</summary>
public sealed class VolumeGeometryTests
{
    [Theory]
    [InlineData(8UL << 20, 4096u, 8L << 20, 4096)]
    [InlineData(8UL << 20, 512u, 8L << 20, 512)]
    [InlineData(8UL << 20, 0u, 8L << 20, 4096)] // no sectorSize: the Lightbits default, 4096
    public void SameSizeAndBlocks_Match(ulong volumeSize, uint sectorSize, long namespaceBytes, int blockSize)
    {
        Assert.Null(VolumeGeometry.Mismatch(volumeSize, sectorSize, namespaceBytes, blockSize));
    }

    [Theory]
    [InlineData(16UL << 20, 4096u, 8L << 20, 4096, "8388608 bytes in 4096-byte blocks, but the cluster says the volume has 16777216 bytes in 4096-byte sectors")]
    [InlineData(8UL << 20, 4096u, 16L << 20, 4096, "16777216 bytes in 4096-byte blocks, but the cluster says the volume has 8388608 bytes in 4096-byte sectors")]
    [InlineData(8UL << 20, 4096u, 8L << 20, 512, "8388608 bytes in 512-byte blocks, but the cluster says the volume has 8388608 bytes in 4096-byte sectors")]
    [InlineData(8UL << 20, 0u, 8L << 20, 512, "8388608 bytes in 512-byte blocks, but the cluster says the volume has 8388608 bytes in 4096-byte sectors (no sectorSize given: the default)")]
    public void DifferentSizeOrBlocks_NameBothValues(ulong volumeSize, uint sectorSize, long namespaceBytes, int blockSize, string expected)
    {
        Assert.Equal(expected, VolumeGeometry.Mismatch(volumeSize, sectorSize, namespaceBytes, blockSize));
    }
}
