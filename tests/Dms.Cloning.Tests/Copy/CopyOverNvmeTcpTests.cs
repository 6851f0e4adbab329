using System.Net;
using Dms.Cloning.Copy;
using Dms.Cloning.Verification;
using NvmeTcp.Host;
using NvmeTcp.Target;

namespace Dms.Cloning.Tests.Copy;

/// <summary>The copy engine on the real data path: two namespaces behind a real NVMe/TCP target on loopback.</summary>
public sealed class CopyOverNvmeTcpTests
{
    private const string Nqn = "nqn.2016-01.com.lightbitslabs:uuid:5f0c3a55-0000-4000-8000-000000000001";

    [Fact]
    public async Task Copy_ThroughNvmeTcp_ProducesAnIdenticalVolume_AndVerifies()
    {
        const long size = 64 << 20;
        var sourceData = new InMemoryNamespaceBackend(size / 4096, 4096, Guid.NewGuid());
        var destinationData = new InMemoryNamespaceBackend(size / 4096, 4096, Guid.NewGuid());
        var pattern = new byte[8 << 20];
        new Random(7).NextBytes(pattern);
        await sourceData.WriteAsync(1024, pattern, default);  // LBA 1024 = 4 MiB

        var subsystem = new NvmeSubsystem(Nqn);
        subsystem.AddNamespace(1, sourceData);
        subsystem.AddNamespace(2, destinationData);
        await using var target = new NvmeTcpTarget(new NvmeTcpTargetOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        target.AddSubsystem(subsystem);
        target.Start();

        var options = new NvmeHostOptions { IoQueueCount = 2 };
        await using var source = await NvmeTcpHost.OpenBlockDeviceAsync(target.LocalEndPoint, Nqn, 1, options);
        await using var destination = await NvmeTcpHost.OpenBlockDeviceAsync(target.LocalEndPoint, Nqn, 2, options);
        var plan = CopyPlan.Full(size, 1 << 20, 4096);
        var checksums = new ChecksumLog(plan.ChunkCount);

        var result = await new BlockCopier(source, destination, plan, checksums: checksums).RunAsync(0, null, default);
        await CopyVerifier.VerifyAsync(source, destination, plan, checksums, new CopyOptions(), null, default);

        Assert.Equal(8L << 20, result.BytesWritten);
        var copied = new byte[pattern.Length];
        await destinationData.ReadAsync(1024, copied, default);
        Assert.Equal(pattern, copied);
    }
}
