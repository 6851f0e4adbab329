using NvmeTcp.Target;
using System.Reflection;
using Dms.Cloning.Copy;
using Dms.Cloning.Planning;
using Dms.Cloning.Verification;
using Dms.Service.Cloning;
using Dms.Service.Clusters;
using Dms.Workflows;
using Lightbits.Api;
using Lightbits.Api.Model;
using NvmeTcp;

namespace Dms.Service.Tests.Cloning;

/// <summary>The copy engine on the real data path: volumes behind real NVMe/TCP targets on loopback, opened as DMS opens them.</summary>
public sealed class NvmeVolumeTests : IAsyncLifetime
{
    private const string Nqn = "nqn.2016-01.com.lightbitslabs:uuid:5f0c3a55-0000-4000-8000-000000000001";
    private const long Size = 64 << 20;
    private readonly InMemoryNamespaceBackend _sourceData = new(Size / 4096, 4096, Guid.NewGuid());
    private readonly InMemoryNamespaceBackend _destinationData = new(Size / 4096, 4096, Guid.NewGuid());
    private readonly NvmeTcpTarget _target = new(new NvmeTcpTargetOptions());
    private readonly NvmeTcpTarget _failOverTarget = new(new NvmeTcpTargetOptions());

    public Task InitializeAsync()
    {
        foreach (var target in new[] { _target, _failOverTarget })
        {
            var subsystem = new NvmeSubsystem(Nqn);
            subsystem.AddNamespace(1, _sourceData);
            subsystem.AddNamespace(2, _destinationData);
            target.AddSubsystem(subsystem);
            target.Start();
        }
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        await _failOverTarget.DisposeAsync();
    }

    private static ILightbitsCluster Describing(InMemoryNamespaceBackend backend, uint nsid, NvmeTcpTarget target)
    {
        var cluster = DispatchProxy.Create<ILightbitsCluster, VolumeDataPathTests.DescribingCluster>();
        Describe(cluster, backend, nsid, target);
        return cluster;
    }

    private static void Describe(ILightbitsCluster cluster, InMemoryNamespaceBackend backend, uint nsid, NvmeTcpTarget target) =>
        ((VolumeDataPathTests.DescribingCluster)(object)cluster).Describe(
            new Volume { Name = "vol", Uuid = backend.Uuid.ToString(), Nsid = nsid, Size = Size, SectorSize = 4096, PrimaryNodeUuid = "node-0" },
            new Node { Name = "node-0", Uuid = "node-0", NvmeEndpoint = target.LocalEndPoint.ToString() },
            Nqn);

    private static Task<NvmeVolume> OpenAsync(ILightbitsCluster cluster) =>
        new VolumeDataPath(HostNqn.New(), new CloneOptions()).OpenAsync(cluster, "default", "vol", ErrorSide.DestinationCluster, CancellationToken.None);

    [Fact]
    public async Task Copy_ThroughNvmeTcp_ProducesAnIdenticalVolume_AndVerifies()
    {
        var pattern = new byte[8 << 20];
        new Random(7).NextBytes(pattern);
        await _sourceData.WriteAsync(1024, pattern, default);  // LBA 1024 = 4 MiB

        await using var source = await OpenAsync(Describing(_sourceData, 1, _target));
        await using var destination = await OpenAsync(Describing(_destinationData, 2, _target));
        var plan = CopyPlan.Full(Size, 1 << 20, 4096);
        var checksums = new ChecksumLog(plan.ChunkCount);

        var result = await new BlockCopier(source, destination, plan, checksums: checksums).RunAsync(0, null, default);
        await CopyVerifier.VerifyAsync(source, destination, plan, checksums, new CopyOptions(), null, default);

        Assert.Equal(8L << 20, result.BytesWritten);
        var copied = new byte[pattern.Length];
        await _destinationData.ReadAsync(1024, copied, default);
        Assert.Equal(pattern, copied);
    }

    [Fact]
    public async Task Reconnect_AfterAFailOver_FollowsTheVolumeToItsNewPrimary()
    {
        var cluster = Describing(_sourceData, 1, _target);
        await using var volume = await OpenAsync(cluster);

        Describe(cluster, _sourceData, 1, _failOverTarget);
        await volume.ReconnectAsync();
        await _target.DisposeAsync();

        await volume.ReadAsync(0, new byte[4096]);
    }
}
