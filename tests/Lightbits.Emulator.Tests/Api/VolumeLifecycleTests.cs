using System.Net;
using Lightbits.Api.Http;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Lightbits.Emulator.Tests.Api;

/// <summary>Volume and snapshot state machines, names, ETags and clones (spec lightbits-api.md §3–§6).</summary>
public sealed class VolumeLifecycleTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private LightbitsClient _client = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync();
        _client = _cluster.Client();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static CreateVolumeRequest NewVolume(string name, string size = "4 Gib", uint replicas = 2) => new()
    {
        Name = name, Size = size, ReplicaCount = replicas, Acl = StringList.Of(StringList.AllowNone),
    };

    [Fact]
    public async Task CreateVolume_IsCreatingThenAvailable_WithSizeInBytesAndAnNsid()
    {
        var created = await _client.CreateVolumeAsync("default", NewVolume("vol1"));
        Assert.Equal(VolumeState.Creating, created.State);
        Assert.Equal(ProtectionState.Unknown, created.ProtectionState);

        _cluster.Settle();
        var volume = await _client.GetVolumeAsync("default", created.Uuid!);
        Assert.Equal(VolumeState.Available, volume.State);
        Assert.Equal(ProtectionState.FullyProtected, volume.ProtectionState);
        Assert.Equal(4UL << 30, volume.Size);
        Assert.Equal(1u, volume.Nsid);
        Assert.Equal(2, volume.NodeList!.Count);
        Assert.Equal(volume.NodeList[0], volume.PrimaryNodeUuid);
        Assert.NotEqual(created.ETag, volume.ETag);
    }

    [Fact]
    public async Task DeleteVolume_IsDeletingThen404_AndItsNsidIsReused()
    {
        var first = await _client.CreateVolumeAsync("default", NewVolume("a"));
        await _client.CreateVolumeAsync("default", NewVolume("b"));
        _cluster.Settle();

        await _client.DeleteVolumeAsync("default", first.Uuid!);
        Assert.Equal(VolumeState.Deleting, (await _client.GetVolumeAsync("default", first.Uuid!)).State);
        _cluster.Settle();
        Assert.Null(await _client.FindVolumeAsync("default", first.Uuid!));

        var third = await _client.CreateVolumeAsync("default", NewVolume("c"));
        Assert.Equal(first.Nsid, third.Nsid);
    }

    [Fact]
    public async Task DeleteWhileCreating_Returns503_DeleteWhileDeleting_Returns400()
    {
        var volume = await _client.CreateVolumeAsync("default", NewVolume("v"));
        var busy = await Assert.ThrowsAsync<LightbitsApiException>(() => RawDelete(volume.Uuid!));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.Status);

        _cluster.Settle();
        await _client.DeleteVolumeAsync("default", volume.Uuid!);
        var gone = await Assert.ThrowsAsync<LightbitsApiException>(() => RawDelete(volume.Uuid!));
        Assert.Equal(HttpStatusCode.BadRequest, gone.Status);
    }

    // One attempt, no retries: the typed client would retry a 503.
    private async Task RawDelete(string uuid)
    {
        var response = await _cluster.Http().DeleteAsync($"/api/v2/projects/default/volumes/{uuid}");
        if (!response.IsSuccessStatusCode)
        {
            throw new LightbitsApiException(await response.Content.ReadAsStringAsync(), response.StatusCode, null, false);
        }
    }

    [Fact]
    public async Task DuplicateName_Returns409_InTheSameProjectOnly()
    {
        await _client.CreateVolumeAsync("default", NewVolume("dup"));
        var conflict = await Assert.ThrowsAsync<LightbitsApiException>(() => _client.CreateVolumeAsync("default", NewVolume("dup")));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);

        await _client.CreateProjectAsync(new CreateProjectRequest { Name = "other" });
        await _client.CreateVolumeAsync("other", NewVolume("dup"));
    }

    [Fact]
    public async Task GetByName_TrailingSlashForm_ReturnsOneObjectOr404()
    {
        var created = await _client.CreateVolumeAsync("default", NewVolume("named"));
        Assert.Equal(created.Uuid, (await _client.FindVolumeByNameAsync("default", "named"))!.Uuid);
        Assert.Null(await _client.FindVolumeByNameAsync("default", "missing"));

        _cluster.Settle();
        var snapshot = await _client.CreateSnapshotAsync("default", new CreateSnapshotRequest { Name = "snap", SourceVolumeUuid = created.Uuid });
        Assert.Equal(snapshot.Uuid, (await _client.FindSnapshotByNameAsync("default", "snap"))!.Uuid);
        Assert.Null(await _client.FindSnapshotByNameAsync("default", "nope"));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.PreconditionFailed, HttpStatusCode.PreconditionFailed)]
    public async Task UpdateWithStaleIfMatch_IsRefused400ByDefault_Or412ByFlag_AndChangesNothing(HttpStatusCode? flag, HttpStatusCode expected)
    {
        await UseClusterAsync(flag);
        _cluster.State.CreatePolicy(new Lightbits.Emulator.State.PolicySpec { Name = "gold" });
        var volume = await _client.CreateVolumeAsync("default", NewVolume("v"));
        _cluster.Settle();
        var current = await _client.GetVolumeAsync("default", volume.Uuid!);

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v2/projects/default/volumes/{volume.Uuid}")
        {
            Content = TestCluster.Json(new UpdateVolumeRequest { Acl = StringList.Of("nqn.2014-08.org.nvmexpress:uuid:1") }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "stale");
        var response = await _cluster.Http().SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(Serialized(current), Serialized(await _client.GetVolumeAsync("default", volume.Uuid!)));
    }

    /// <summary>Replaces the fixture's cluster with one answering an ETag mismatch with <paramref name="etagMismatch"/>, when given.</summary>
    private async Task UseClusterAsync(HttpStatusCode? etagMismatch)
    {
        if (etagMismatch is { } status)
        {
            await _cluster.DisposeAsync();
            _cluster = await TestCluster.StartAsync(o => o with { ETagMismatchStatus = status });
            _client = _cluster.Client();
        }
    }

    private static string Serialized(Volume volume) => System.Text.Json.JsonSerializer.Serialize(volume, Lightbits.Api.Json.LightbitsJson.Options);

    [Theory]
    [InlineData(null)]
    [InlineData(HttpStatusCode.PreconditionFailed)]
    public async Task ClientUpdate_ReappliesAfterAConcurrentChange_WhicheverStatusTheMismatchGets(HttpStatusCode? flag)
    {
        await UseClusterAsync(flag);
        _cluster.State.CreatePolicy(new Lightbits.Emulator.State.PolicySpec { Name = "gold" });
        var volume = await _client.CreateVolumeAsync("default", NewVolume("v"));
        _cluster.Settle();
        var interfered = false;
        await _client.UpdateVolumeAsync("default", volume.Uuid!, current =>
        {
            if (!interfered)
            {
                // Someone else changes the volume between our read and our write.
                interfered = true;
                _cluster.State.UpdateVolume("default", volume.Uuid!, new Lightbits.Emulator.State.VolumeUpdate { QosPolicyName = "gold" }, null);
                _cluster.Settle();
            }
            return new UpdateVolumeRequest { Acl = StringList.Of([.. current.Acl!.Values.Where(v => v != StringList.AllowNone), "nqn.host-a"]) };
        });
        _cluster.Settle();

        var after = await _client.GetVolumeAsync("default", volume.Uuid!);
        Assert.Equal(["nqn.host-a"], after.Acl!.Values);
        Assert.Equal("gold", after.QosPolicyName);
    }

    [Fact]
    public async Task UpdateOrDeleteWhileUpdating_Returns409UserOperationInProgress_AsGrpcAborted()
    {
        var volume = await _client.CreateVolumeAsync("default", NewVolume("v"));
        _cluster.Settle();
        await _client.UpdateVolumeAsync("default", volume.Uuid!, _ => new UpdateVolumeRequest { Size = "8 gib" });

        var busy = await _cluster.Http().PutAsync($"/api/v2/projects/default/volumes/{volume.Uuid}", TestCluster.Json(new UpdateVolumeRequest { Size = "16 gib" }));
        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        var error = System.Text.Json.Nodes.JsonNode.Parse(await TestCluster.BodyAsync(busy))!;
        Assert.Equal(10, (int)error["code"]!);
        Assert.Equal("There is a user operation in progress on the volume", (string)error["message"]!);
        Assert.Equal(HttpStatusCode.Conflict, (await _cluster.Http().DeleteAsync($"/api/v2/projects/default/volumes/{volume.Uuid}")).StatusCode);

        _cluster.Settle();
        Assert.Equal(8UL << 30, (await _client.GetVolumeAsync("default", volume.Uuid!)).Size);
    }

    [Fact]
    public async Task DeleteSnapshot_503WhileCreating_409InProgressWhileItsVolumeUpdates_ThenSucceeds()
    {
        var volume = await _client.CreateVolumeAsync("default", NewVolume("v"));
        _cluster.Settle();
        var snapshot = await _client.CreateSnapshotAsync("default", new CreateSnapshotRequest { Name = "s", SourceVolumeUuid = volume.Uuid });
        var path = $"/api/v2/projects/default/snapshots/{snapshot.Uuid}";

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _cluster.Http().DeleteAsync(path)).StatusCode);
        _cluster.Settle();
        await _client.UpdateVolumeAsync("default", volume.Uuid!, _ => new UpdateVolumeRequest { Size = "8 gib" });

        var busy = await _cluster.Http().DeleteAsync(path);
        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        var error = System.Text.Json.Nodes.JsonNode.Parse(await TestCluster.BodyAsync(busy))!;
        Assert.Equal(10, (int)error["code"]!);
        Assert.Equal("There is a user operation in progress on the snapshot", (string)error["message"]!);

        _cluster.Settle();
        Assert.Equal(HttpStatusCode.OK, (await _cluster.Http().DeleteAsync(path)).StatusCode);
    }

    [Fact]
    public async Task ETagMismatch_IsGrpcFailedPrecondition()
    {
        var volume = await _client.CreateVolumeAsync("default", NewVolume("v"));
        _cluster.Settle();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v2/projects/default/volumes/{volume.Uuid}") { Content = TestCluster.Json(new UpdateVolumeRequest { Size = "8 gib" }) };
        request.Headers.TryAddWithoutValidation("If-Match", "stale");
        var refused = await _cluster.Http().SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(9, (int)System.Text.Json.Nodes.JsonNode.Parse(await TestCluster.BodyAsync(refused))!["code"]!);
    }

    [Fact]
    public async Task Shrink_WithoutForce_Returns400()
    {
        var volume = await _client.CreateVolumeAsync("default", NewVolume("v"));
        _cluster.Settle();
        var refused = await Assert.ThrowsAsync<LightbitsApiException>(() =>
            _client.UpdateVolumeAsync("default", volume.Uuid!, _ => new UpdateVolumeRequest { Size = "1 gib" }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
    }

    [Fact]
    public async Task Clone_FromSnapshot_InheritsSizeSectorAndNodes_AndSnapshotMayBeDeletedUnderIt()
    {
        var volume = await _client.CreateVolumeAsync("default", NewVolume("src", "2 gib", replicas: 3) with { SectorSize = 512 });
        _cluster.Settle();
        var snapshot = await _client.CreateSnapshotAsync("default", new CreateSnapshotRequest { Name = "s1", SourceVolumeUuid = volume.Uuid, Description = "before upgrade" });
        Assert.Equal(SnapshotState.Creating, snapshot.State);
        _cluster.Settle();
        snapshot = await _client.GetSnapshotAsync("default", snapshot.Uuid!);
        Assert.Equal(SnapshotState.Available, snapshot.State);
        Assert.Equal(volume.Size, snapshot.Size);
        Assert.Equal("src", snapshot.SourceVolumeName);

        var clone = await _client.CreateVolumeAsync("default", new CreateVolumeRequest
        {
            Name = "clone", ReplicaCount = 3, Acl = StringList.Of(StringList.AllowAny), SourceSnapshotUuid = snapshot.Uuid,
        });
        Assert.Equal(snapshot.Size, clone.Size);
        Assert.Equal(512u, clone.SectorSize);
        Assert.Equal(snapshot.Uuid, clone.SourceSnapshotUuid);
        Assert.Equal(volume.NodeList, clone.NodeList);

        _cluster.Settle();
        await _client.DeleteSnapshotAsync("default", snapshot.Uuid!);
        _cluster.Settle();
        Assert.Null(await _client.FindSnapshotAsync("default", snapshot.Uuid!));
        Assert.Equal(VolumeState.Available, (await _client.GetVolumeAsync("default", clone.Uuid!)).State);
    }

    [Fact]
    public async Task Clone_SmallerThanSnapshot_Returns400()
    {
        var volume = await _client.CreateVolumeAsync("default", NewVolume("src", "2 gib"));
        _cluster.Settle();
        var snapshot = await _client.CreateSnapshotAsync("default", new CreateSnapshotRequest { Name = "s", SourceVolumeUuid = volume.Uuid });
        _cluster.Settle();
        var refused = await Assert.ThrowsAsync<LightbitsApiException>(() => _client.CreateVolumeAsync("default",
            NewVolume("small", "1 gib") with { SourceSnapshotUuid = snapshot.Uuid }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
    }

    [Fact]
    public async Task SnapshotOfMissingVolume_Returns404()
    {
        var missing = await Assert.ThrowsAsync<LightbitsApiException>(() => _client.CreateSnapshotAsync("default",
            new CreateSnapshotRequest { Name = "s", SourceVolumeUuid = Guid.NewGuid().ToString() }));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }

    [Fact]
    public async Task ReplicaCountAboveClusterMax_Returns400()
    {
        await using var single = await TestCluster.StartAsync(servers: 1);
        var refused = await Assert.ThrowsAsync<LightbitsApiException>(() => single.Client().CreateVolumeAsync("default", NewVolume("v", replicas: 2)));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("currentMaxReplicas", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GlobalVolumeRoutes_TakeProjectFromQueryAndBody()
    {
        var http = _cluster.Http();
        var created = await http.PostAsync("/api/v2/volumes", TestCluster.Json(NewVolume("g") with { ProjectName = "default" }));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var list = await http.GetStringAsync("/api/v2/volumes?projectName=default");
        Assert.Contains("\"name\":\"g\"", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/v2/volumes")).StatusCode);
    }
}
