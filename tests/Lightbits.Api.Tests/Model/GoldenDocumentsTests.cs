using System.Text.Json;
using Lightbits.Api.ChangedBlocks;
using Lightbits.Api.Json;
using Lightbits.Api.Model;

namespace Lightbits.Api.Tests.Model;

/// <summary>
/// Documents under Golden/, hand-written from spec lightbits-api.md §5 and the proto's field
/// names: each resource once with every field, once as grpc-gateway v1 sends it by default — zero
/// values (false, 0, "", empty lists, Unknown enums) left out. Absence must read as the proto zero
/// the model documents, never as an exception or a wrong value.
/// </summary>
public sealed class GoldenDocumentsTests
{
    private static T Read<T>(string file) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Model", "Golden", file)), LightbitsJson.Options)!;

    [Fact]
    public void Volume_EveryField_ReadsEachIntoItsProperty()
    {
        var volume = Read<Volume>("volume-every-field.json");

        Assert.Equal(VolumeState.Available, volume.State);
        Assert.Equal(ProtectionState.FullyProtected, volume.ProtectionState);
        Assert.Equal(3u, volume.ReplicaCount);
        Assert.Equal(3, volume.NodeList!.Count);
        Assert.Equal("a7f67ad0-b6f5-4e3e-8b3b-7a2f0f4c9a11", volume.Uuid);
        Assert.Equal(7u, volume.Nsid);
        Assert.Equal(["nqn.2014-08.org.nvmexpress:uuid:host-1"], volume.Acl!.Values);
        Assert.True(volume.IsCompressed);
        Assert.Equal(100UL << 30, volume.Size);
        Assert.Equal("vol1", volume.Name);
        Assert.Equal("None", volume.RebuildProgress);
        Assert.Equal(2048UL, volume.Statistics!.PhysicalUsedStorage);
        Assert.Equal([StringList.AllowAny], volume.IpAcl!.Values);
        Assert.Equal("17", volume.ETag);
        Assert.Single(volume.ConnectedHosts!);
        Assert.Equal(512u, volume.SectorSize);
        Assert.Equal(512u, volume.SectorSizeOrDefault);
        Assert.Equal("default", volume.ProjectName);
        Assert.Equal("0d0c1c5e-2b9a-4f0e-9f8e-1a2b3c4d5e6f", volume.SourceSnapshotUuid);
        Assert.Equal("snap1", volume.SourceSnapshotName);
        Assert.Equal("gold", volume.QosPolicyName);
        Assert.Equal("8544b302-5118-5a3c-bec8-61b224089654", volume.PrimaryNodeUuid);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 20, 30, TimeSpan.Zero), volume.CreationTime);
        Assert.Equal("dmsworkflow", Assert.Single(volume.Labels!).Key);
        Assert.Equal("c1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8", volume.ClusterId);
    }

    [Fact]
    public void Volume_ZerosOmitted_ReadsAbsenceAsTheDocumentedZeros()
    {
        var volume = Read<Volume>("volume-zeros-omitted.json");

        Assert.Equal(VolumeState.Creating, volume.State);
        Assert.Equal(ProtectionState.Unknown, volume.ProtectionState);
        Assert.Equal(0u, volume.ReplicaCount);
        Assert.Null(volume.NodeList);
        Assert.Equal(0u, volume.Nsid);
        Assert.False(volume.IsCompressed);
        Assert.Equal(0u, volume.SectorSize);
        Assert.Equal(Volume.DefaultSectorSize, volume.SectorSizeOrDefault);
        Assert.Null(volume.Labels);
        Assert.Null(volume.PrimaryNodeUuid);
        Assert.Null(volume.SourceSnapshotUuid);
        Assert.Null(volume.CreationTime);
        Assert.Equal(1UL << 30, volume.Size);
    }

    [Fact]
    public void Snapshot_EveryField_ReadsEachIntoItsProperty()
    {
        var snapshot = Read<Snapshot>("snapshot-every-field.json");

        Assert.Equal(SnapshotState.Available, snapshot.State);
        Assert.Equal("snap1", snapshot.Name);
        Assert.Equal("before upgrade", snapshot.Description);
        Assert.Equal("3600s", snapshot.RetentionTime);
        Assert.Equal("vol1", snapshot.SourceVolumeName);
        Assert.Equal(2u, snapshot.ReplicaCount);
        Assert.True(snapshot.Compression);
        Assert.Equal(2UL << 30, snapshot.Size);
        Assert.Equal(4096u, snapshot.SectorSize);
        Assert.Equal("23", snapshot.ETag);
        Assert.Equal("db", Assert.Single(snapshot.Labels!).Value);
    }

    [Fact]
    public void Snapshot_ZerosOmitted_ReadsAbsenceAsTheDocumentedZeros()
    {
        var snapshot = Read<Snapshot>("snapshot-zeros-omitted.json");

        Assert.False(snapshot.Compression);
        Assert.Equal(0u, snapshot.SectorSize);
        Assert.Equal(Volume.DefaultSectorSize, snapshot.SectorSizeOrDefault);
        Assert.Null(snapshot.Description);
        Assert.Null(snapshot.Labels);
        Assert.Equal(1u, snapshot.ReplicaCount);
        Assert.Equal(2UL << 30, snapshot.Size);
    }

    [Fact]
    public void ClusterInfo_EveryField_ReadsEachIntoItsProperty()
    {
        var info = Read<ClusterInfo>("clusterinfo-every-field.json");

        Assert.Equal("nqn.2016-01.com.lightbitslabs:uuid:4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8", info.SubsystemNqn);
        Assert.Equal(3u, info.CurrentMaxReplicas);
        Assert.Equal(690UL, info.Statistics!.EstimatedFreeLogicalStorage);
        Assert.Equal(12u, info.Health!.NumHealthyVolumes);
        Assert.Equal("3.12.1", info.MinVersionInCluster);
        Assert.Equal(["10.0.0.1:443", "10.0.0.2:443"], info.ApiEndpoints);
        Assert.Equal("prod", info.ClusterName);
    }

    [Fact]
    public void ClusterInfo_ZerosOmitted_HasNoLimitsNoEndpointsAndNoNqn()
    {
        var info = Read<ClusterInfo>("clusterinfo-zeros-omitted.json");

        Assert.Equal(0u, info.CurrentMaxReplicas);
        Assert.Null(info.ApiEndpoints);
        Assert.Null(info.SubsystemNqn);
        Assert.Equal(HealthState.None, info.Health!.State);
    }

    [Fact]
    public void Node_ZerosOmitted_HasNoEndpointAndIsNotReadOnly()
    {
        var node = Read<Node>("node-zeros-omitted.json");

        Assert.Null(node.NvmeEndpoint);
        Assert.False(node.ReadOnly);
        Assert.Equal(NodeStatus.NoStatus, node.Status);
    }

    [Fact]
    public void Policy_EveryField_ReadsTheCapitalQOneofIntoItsProperty()
    {
        var policy = Read<Policy>("policy-every-field.json");

        Assert.Equal("5b0e6a52-3f2d-4c8e-9a71-0c6d2e4f8b13", policy.Uuid);
        Assert.Equal("gold", policy.Name);
        Assert.Equal("fast tier", policy.Description);
        Assert.Equal(PolicyState.Active, policy.State);
        var qos = policy.QosRateLimitPolicy!;
        Assert.Equal(["default", "db"], qos.ProjectsNamesScope);
        Assert.Equal(PolicyVisibility.Scoped, qos.PolicyVisibility);
        Assert.Equal(2560u, qos.LimitIops!.WriteIopsLimit);
        Assert.Equal(5120u, qos.LimitIops.ReadIopsLimit);
        Assert.Null(qos.LimitBandwidth);
        Assert.True(qos.IsUsableBy("db"));
        Assert.False(qos.IsUsableBy("web"));
    }

    [Fact]
    public void Policies_ZerosOmitted_ReadAbsenceAsUnknownStateHiddenVisibilityAndUnlimited()
    {
        var policies = Read<PolicyList>("policies-zeros-omitted.json").Policies;

        Assert.Equal(["default", "bw"], policies.Select(p => p.Name));
        Assert.True(policies[0].QosRateLimitPolicy!.IsUsableBy("any-project"));
        Assert.Null(policies[0].QosRateLimitPolicy!.LimitIops);
        var bandwidth = policies[1].QosRateLimitPolicy!;
        Assert.Equal(PolicyState.Unknown, policies[1].State);
        Assert.Equal(PolicyVisibility.Unavailable, bandwidth.PolicyVisibility);
        Assert.Null(bandwidth.IsUsableBy("default"));
        Assert.Null(bandwidth.ProjectsNamesScope);
        Assert.Equal(100u, bandwidth.LimitBandwidth!.WriteBwLimit);
        Assert.Equal(0u, bandwidth.LimitBandwidth.ReadBwLimit);
    }

    [Fact]
    public void Policy_WithTheRequestsLowerCaseSpelling_HasNoLimits()
    {
        // "qoSRateLimitPolicy" is CreatePolicyRequest's name; in a Policy answer it is an unknown field.
        var policy = JsonSerializer.Deserialize<Policy>("""{"name":"gold","qoSRateLimitPolicy":{"policyVisibility":"Global"}}""", LightbitsJson.Options)!;

        Assert.Null(policy.QosRateLimitPolicy);
    }

    [Fact]
    public void ChangedBlocks_ZerosOmitted_IsTheLastPage_StartingAtLba0()
    {
        var page = Read<ChangedBlocksResponse>("changed-blocks-zeros-omitted.json");

        Assert.Equal(0UL, page.NextOffsetLba);
        Assert.Equal([new LbaExtent(0, 1), new LbaExtent(63, 1)], ChangedExtents.Decode(Assert.Single(page.LbaRanges)));
    }
}
