using System.Text.Json;
using System.Text.Json.Nodes;
using Lightbits.Api.Json;
using Lightbits.Api.Model;

namespace Lightbits.Api.Tests.Model;

/// <summary>
/// Documents written by hand from the field names of spec lightbits-api.md §5 (not produced by our
/// serializer): what a real cluster sends must read into the right properties, and what we send
/// must carry exactly the proto names.
/// </summary>
public sealed class GoldenJsonTests
{
    private const string VolumeDocument = """
        {
          "state": "Available",
          "protectionState": "FullyProtected",
          "replicaCount": 3,
          "nodeList": ["8544b302-5118-5a3c-bec8-61b224089654", "859bd46d-abe8-54fa-81c4-9683f8705b65"],
          "UUID": "a7f67ad0-b6f5-4e3e-8b3b-7a2f0f4c9a11",
          "nsid": 7,
          "acl": { "values": ["nqn.2014-08.org.nvmexpress:uuid:host-1"] },
          "compression": "true",
          "size": "107374182400",
          "name": "vol1",
          "rebuildProgress": "None",
          "statistics": { "logicalUsedStorage": "4096", "physicalUsedStorage": "2048", "compressionRatio": 2.0 },
          "IPAcl": { "values": ["ALLOW_ANY"] },
          "ETag": "17",
          "sectorSize": 4096,
          "projectName": "default",
          "sourceSnapshotUUID": "0d0c1c5e-2b9a-4f0e-9f8e-1a2b3c4d5e6f",
          "primaryNodeUUID": "8544b302-5118-5a3c-bec8-61b224089654",
          "creationTime": "2024-05-01T10:20:30Z",
          "labels": [{ "key": "team", "value": "db" }],
          "someFieldFromANewerRelease": { "x": 1 }
        }
        """;

    [Fact]
    public void Volume_FromClusterDocument_ReadsEveryField()
    {
        var volume = JsonSerializer.Deserialize<Volume>(VolumeDocument, LightbitsJson.Options)!;

        Assert.Equal(VolumeState.Available, volume.State);
        Assert.Equal(ProtectionState.FullyProtected, volume.ProtectionState);
        Assert.Equal(3u, volume.ReplicaCount);
        Assert.Equal("a7f67ad0-b6f5-4e3e-8b3b-7a2f0f4c9a11", volume.Uuid);
        Assert.Equal(7u, volume.Nsid);
        Assert.Equal(["nqn.2014-08.org.nvmexpress:uuid:host-1"], volume.Acl!.Values);
        Assert.True(volume.IsCompressed);
        Assert.Equal(107374182400UL, volume.Size);
        Assert.Equal(4096UL, volume.Statistics!.LogicalUsedStorage);
        Assert.Equal([StringList.AllowAny], volume.IpAcl!.Values);
        Assert.Equal("17", volume.ETag);
        Assert.Equal("0d0c1c5e-2b9a-4f0e-9f8e-1a2b3c4d5e6f", volume.SourceSnapshotUuid);
        Assert.Equal("8544b302-5118-5a3c-bec8-61b224089654", volume.PrimaryNodeUuid);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 20, 30, TimeSpan.Zero), volume.CreationTime);
        Assert.Equal("db", Assert.Single(volume.Labels!).Value);
    }

    [Fact]
    public void Volume_WithDefaultsOmittedAndNumbersAsNumbers_StillReads()
    {
        // grpc-gateway omits zero values; some releases may send uint64 as plain numbers.
        var volume = JsonSerializer.Deserialize<Volume>("""{"UUID":"u","size":4096,"state":2}""", LightbitsJson.Options)!;
        Assert.Equal(4096UL, volume.Size);
        Assert.Equal(VolumeState.Available, volume.State);
        Assert.Equal(0u, volume.Nsid);
        Assert.Null(volume.Acl);
    }

    [Fact]
    public void UnknownEnumName_ReadsAsUnknown()
    {
        var volume = JsonSerializer.Deserialize<Volume>("""{"state":"Hibernating","protectionState":"Mystery"}""", LightbitsJson.Options)!;
        Assert.Equal(VolumeState.Unknown, volume.State);
        Assert.Equal(ProtectionState.Unknown, volume.ProtectionState);
    }

    [Fact]
    public void Snapshot_CompressionIsABool_UnlikeVolume()
    {
        var snapshot = JsonSerializer.Deserialize<Snapshot>("""
            {"state":"Available","UUID":"s","name":"snap","sourceVolumeUUID":"v","sourceVolumeName":"vol",
             "compression":true,"size":"1073741824","retentionTime":"3600s","sectorSize":512}
            """, LightbitsJson.Options)!;
        Assert.True(snapshot.Compression);
        Assert.Equal(1UL << 30, snapshot.Size);
        Assert.Equal("3600s", snapshot.RetentionTime);
        Assert.Equal(512u, snapshot.SectorSize);
    }

    [Fact]
    public void ClusterInfo_ReadsProtoCapitalisation()
    {
        var info = JsonSerializer.Deserialize<ClusterInfo>("""
            {"UUID":"c","subsystemNQN":"nqn.2016-01.com.lightbitslabs:uuid:x","currentMaxReplicas":3,"supportedMaxReplicas":3,
             "MinVersionInCluster":"3.12.1","apiEndpoints":["10.0.0.1:443"],"discoveryEndpoints":["10.0.0.1:8009"],
             "clusterName":"prod","statistics":{"estimatedFreeLogicalStorage":"1000"},"health":{"state":"OK"}}
            """, LightbitsJson.Options)!;
        Assert.Equal("nqn.2016-01.com.lightbitslabs:uuid:x", info.SubsystemNqn);
        Assert.Equal("3.12.1", info.MinVersionInCluster);
        Assert.Equal(1000UL, info.Statistics!.EstimatedFreeLogicalStorage);
        Assert.Equal(HealthState.OK, info.Health!.State);
    }

    [Fact]
    public void Node_AndServer_ReadTheirOddNames()
    {
        var node = JsonSerializer.Deserialize<Node>("""{"name":"server00-0","UUID":"n","state":"Active","nvmeEndpoint":"[fe80::1]:4420","serverUUID":"s"}""", LightbitsJson.Options)!;
        Assert.Equal("[fe80::1]:4420", node.NvmeEndpoint);
        var server = JsonSerializer.Deserialize<Server>("""{"UUID":"s","name":"server00","NodesUUIDs":["n"],"state":"Enabled","LightOSVersion":"3.12.1","ApiEndpoints":["10.0.0.1:443"]}""", LightbitsJson.Options)!;
        Assert.Equal(["n"], server.NodesUuids);
        Assert.Equal(ServerState.Enabled, server.State);
    }

    [Fact]
    public void CreateVolumeRequest_WritesProtoNames_SizeAsString_OmitsUnset()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(new CreateVolumeRequest
        {
            Name = "v", Size = "4 gib", ReplicaCount = 3, Compression = "false", ProjectName = "default",
            Acl = StringList.Of(StringList.AllowNone), IpAcl = StringList.Of("10.0.0.7"), SectorSize = 512,
            SourceSnapshotUuid = "s",
        }, LightbitsJson.Options))!.AsObject();

        Assert.Equal(
            ["name", "size", "acl", "IPAcl", "replicaCount", "compression", "projectName", "sectorSize", "sourceSnapshotUUID"],
            json.Select(p => p.Key));
        Assert.Equal("4 gib", (string)json["size"]!);
        Assert.Equal(3, (int)json["replicaCount"]!);
        Assert.Equal("ALLOW_NONE", (string)json["acl"]!["values"]![0]!);
    }

    [Fact]
    public void CreateVolumeRequest_AcceptsCinderShape_StringReplicaCountAndNulls()
    {
        var request = JsonSerializer.Deserialize<CreateVolumeRequest>("""
            {"name":"volume-1","size":"4 gib","replicaCount":"3","compression":"False","acl":{"values":["ALLOW_NONE"]},
             "IPAcl":{"values":["ALLOW_NONE"]},"sourceSnapshotUUID":null,"sourceSnapshotName":null,"sectorSize":"sectorSize_4K"}
            """, LightbitsJson.Options)!;
        Assert.Equal(3u, request.ReplicaCount);
        Assert.Null(request.SourceSnapshotUuid);
        Assert.Equal(4096u, request.SectorSize);
    }

    [Fact]
    public void Credential_PayloadIsBase64_TypeIsEnumName()
    {
        var json = JsonSerializer.Serialize(new CreateCredentialRequest
        {
            Id = "dms-1", Type = CredentialType.RS256PubKey, Payload = "PEM"u8.ToArray(),
        }, LightbitsJson.Options);
        Assert.Equal("""{"ID":"dms-1","type":"RS256PubKey","payload":"UEVN"}""", json);
    }

    [Fact]
    public void CreatePolicyRequest_WritesLowerCaseQoSRateLimitPolicy_LimitsAsNumbers_EnumsAsNames()
    {
        var json = JsonSerializer.Serialize(new CreatePolicyRequest
        {
            Name = "gold",
            QosRateLimitPolicy = new QosRateLimitPolicy
            {
                ProjectsNamesScope = ["default"],
                PolicyVisibility = PolicyVisibility.Scoped,
                LimitIops = new QosLimitIops { WriteIopsLimit = 2560, ReadIopsLimit = 5120 },
            },
        }, LightbitsJson.Options);

        Assert.Equal(
            """{"name":"gold","qoSRateLimitPolicy":{"projectsNamesScope":["default"],"policyVisibility":"Scoped","limitIOPS":{"writeIOPSLimit":2560,"readIOPSLimit":5120}}}""",
            json);
    }

    [Fact]
    public void Uint64_Garbage_IsAnError()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Volume>("""{"size":"12abc"}""", LightbitsJson.Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Volume>("""{"size":"-1"}""", LightbitsJson.Options));
    }
}
