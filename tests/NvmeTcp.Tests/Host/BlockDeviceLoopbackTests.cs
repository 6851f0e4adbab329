using NvmeTcp.Host;
using NvmeTcp.Target;
using NvmeTcp.Tests.Support;

namespace NvmeTcp.Tests.Host;

public class BlockDeviceLoopbackTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RandomReadsAndWrites_MatchAnInMemoryModel(bool digests)
    {
        // Small MAXH2CDATA and MDTS force R2T splitting and > MDTS splitting; 512 B .. 64 KiB covers in-capsule and R2T.
        // A 16 KiB MDTS carries the ANA log of at most 453 namespaces.
        await using var target = new LoopbackTarget(new NvmeTcpTargetOptions { MaxH2CData = 4096, MaxDataTransferSize = 16384, InCapsuleDataSize = 8192 }, blocks: 2048, maxNamespaces: 64);
        await using NvmeBlockDevice device = await NvmeTcpHost.OpenBlockDeviceAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, 1, TestOptions.Host(digests));
        byte[] model = await RandomIo.RunAsync(device, seed: 1234, operations: 200);

        Assert.True(model.AsSpan().SequenceEqual(target.Backends[0].Contents.Span));
    }

    [Fact]
    public async Task ConcurrentWriters_AllLandAndReadBack()
    {
        await using var target = new LoopbackTarget(blocks: 8192);
        await using NvmeBlockDevice device = await NvmeTcpHost.OpenBlockDeviceAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, 1, TestOptions.Host(queues: 3));
        var writes = Enumerable.Range(0, 64).Select(async i =>
        {
            byte[] data = Enumerable.Repeat((byte)i, 64 * 1024).ToArray();
            await device.WriteAsync(i * 64 * 1024L, data);
        });
        await Task.WhenAll(writes);

        byte[] all = new byte[device.Capacity];
        await device.ReadAsync(0, all);
        for (int i = 0; i < 64; i++)
        {
            Assert.All(all.AsSpan(i * 64 * 1024, 64 * 1024).ToArray(), b => Assert.Equal((byte)i, b));
        }
    }

    [Fact]
    public async Task FlushWriteZeroesAndDeallocate_ClearTheRanges()
    {
        await using var target = new LoopbackTarget();
        await using NvmeBlockDevice device = await NvmeTcpHost.OpenBlockDeviceAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, 1, TestOptions.Host());
        byte[] ones = Enumerable.Repeat((byte)0xFF, 8192).ToArray();
        await device.WriteAsync(0, ones);
        await device.WriteAsync(65536, ones);
        await device.FlushAsync();

        await device.WriteZeroesAsync(0, 4096);
        await device.DeallocateAsync(65536, 8192);

        byte[] read = new byte[8192];
        await device.ReadAsync(0, read);
        Assert.All(read[..4096], b => Assert.Equal(0, b));
        Assert.All(read[4096..], b => Assert.Equal(0xFF, b));
        await device.ReadAsync(65536, read);
        Assert.All(read, b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task OpenBlockDevice_ReportsGeometryAndUuidOfTheNamespace()
    {
        await using var target = new LoopbackTarget(blocks: 1000, blockSize: 4096);
        await using NvmeBlockDevice device = await NvmeTcpHost.OpenBlockDeviceAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, 1, TestOptions.Host());
        Assert.Equal(4096, device.SectorSize);
        Assert.Equal(1000L * 4096, device.Capacity);
        Assert.Equal(target.Backends[0].Uuid, device.NamespaceUuid);
    }

    [Theory]
    [InlineData(100, 512)]
    [InlineData(512, 100)]
    public async Task Read_Unaligned_ThrowsArgumentExceptionNamingTheParameter(long offset, int length)
    {
        await using var target = new LoopbackTarget();
        await using NvmeBlockDevice device = await NvmeTcpHost.OpenBlockDeviceAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, 1, TestOptions.Host());
        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => device.ReadAsync(offset, new byte[length]).AsTask());
        Assert.Equal(offset % 512 != 0 ? "offset" : "buffer", error.ParamName);
    }
}
