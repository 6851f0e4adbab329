using System.Reflection;
using Dms.Service.Cloning;
using Dms.Service.Clusters;
using Dms.Workflows;
using Lightbits.Api;
using Lightbits.Api.Model;
using NvmeTcp.Host;
using NvmeTcp.Target;

namespace Dms.Service.Tests.Cloning;

/// <summary>
/// VolumeDataPath against a real NVMe/TCP target and a cluster that describes the volume: a namespace of
/// another size or block size is refused, permanently and naming both, before the caller can write to it.
/// </summary>
public sealed class VolumeDataPathTests : IAsyncLifetime
{
    private const string Nqn = "nqn.2016-06.io.test:dms-datapath";
    private const long Bytes = 8L << 20;
    private readonly InMemoryNamespaceBackend _fourK = new(Bytes / 4096, 4096);
    private readonly InMemoryNamespaceBackend _fiveTwelve = new(Bytes / 512, 512);
    private readonly NvmeTcpTarget _target = new(new NvmeTcpTargetOptions());

    public Task InitializeAsync()
    {
        var subsystem = new NvmeSubsystem(Nqn);
        subsystem.AddNamespace(1, _fourK);
        subsystem.AddNamespace(2, _fiveTwelve);
        _target.AddSubsystem(subsystem);
        _target.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _target.DisposeAsync();

    [Theory]
    [InlineData(1u, 4096u)]
    [InlineData(1u, 0u)] // no sectorSize: 4096, the Lightbits default
    [InlineData(2u, 512u)]
    public async Task NamespaceOfTheVolumesSizeAndSectorSize_Opens(uint nsid, uint sectorSize)
    {
        await using var device = await OpenAsync(nsid, (ulong)Bytes, sectorSize);
        Assert.Equal(Bytes, device.Capacity);
    }

    [Theory]
    [InlineData(1u, (ulong)(2 * Bytes), 4096u, "has 8388608 bytes in 4096-byte blocks, but the cluster says the volume has 16777216 bytes in 4096-byte sectors")]
    [InlineData(1u, (ulong)Bytes, 512u, "has 8388608 bytes in 4096-byte blocks, but the cluster says the volume has 8388608 bytes in 512-byte sectors")]
    [InlineData(2u, (ulong)Bytes, 0u, "has 8388608 bytes in 512-byte blocks, but the cluster says the volume has 8388608 bytes in 4096-byte sectors (no sectorSize given: the default)")]
    public async Task NamespaceOfAnotherSizeOrBlockSize_IsRefusedPermanently(uint nsid, ulong volumeSize, uint sectorSize, string expected)
    {
        var error = await Assert.ThrowsAsync<WorkflowStepException>(() => OpenAsync(nsid, volumeSize, sectorSize));

        Assert.Contains($"namespace {nsid} at {_target.LocalEndPoint} (volume vol) {expected}; refusing to touch it", error.Message);
        Assert.False(error.IsRetryable);
        Assert.Equal("destination cluster", error.Origin);
    }

    [Theory]
    [InlineData(0u, Nqn, "volume vol has no nsid")]
    [InlineData(1u, "", "GET /api/v2/clusterinfo has no subsystemNQN")]
    public async Task FieldTheClusterLeftOut_IsRefusedPermanently_NamingClusterResourceAndField(uint nsid, string subsystemNqn, string expected)
    {
        var error = await Assert.ThrowsAsync<WorkflowStepException>(() => OpenAsync(nsid, (ulong)Bytes, 4096, subsystemNqn));

        Assert.StartsWith($"cluster cluster-under-test: {expected}", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsRetryable);
    }

    private Task<NvmeVolume> OpenAsync(uint nsid, ulong size, uint sectorSize, string subsystemNqn = Nqn)
    {
        var backend = nsid == 2 ? _fiveTwelve : _fourK;
        var cluster = DispatchProxy.Create<ILightbitsCluster, DescribingCluster>();
        ((DescribingCluster)(object)cluster).Describe(
            new Volume { Name = "vol", Uuid = backend.Uuid.ToString(), Nsid = nsid, Size = size, SectorSize = sectorSize, PrimaryNodeUuid = "node-0" },
            new Node { Name = "node-0", Uuid = "node-0", NvmeEndpoint = _target.LocalEndPoint.ToString() }, subsystemNqn);
        return new VolumeDataPath(HostNqn.New(), new CloneOptions()).OpenAsync(cluster, "default", "vol", ErrorSide.DestinationCluster, CancellationToken.None);
    }

    /// <summary>Answers the three calls VolumeDataPath makes with one volume on one node of the test subsystem.</summary>
    public class DescribingCluster : DispatchProxy
    {
        private Volume _volume = new();
        private Node _node = new();
        private string _nqn = Nqn;

        internal void Describe(Volume volume, Node node, string nqn = Nqn)
        {
            _volume = volume;
            _node = node;
            _nqn = nqn;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
        {
            "get_" + nameof(ILightbitsCluster.Name) => "cluster-under-test",
            nameof(ILightbitsCluster.FindVolumeByNameAsync) => Task.FromResult<Volume?>(_volume),
            nameof(ILightbitsCluster.GetClusterInfoAsync) => Task.FromResult(new ClusterInfoV2 { SubsystemNqn = _nqn }),
            nameof(ILightbitsCluster.ListNodesAsync) => Task.FromResult<IReadOnlyList<Node>>([_node]),
            _ => throw new NotSupportedException(targetMethod?.Name),
        };
    }
}
