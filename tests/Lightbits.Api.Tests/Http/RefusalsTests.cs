using System.Net;
using System.Net.Http.Json;
using Lightbits.Api.Http;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Lightbits.Api.Tests.Http;

/// <summary>Which refusals the client sends again: told apart by call, status and the body's gRPC code.</summary>
public sealed class RefusalsTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private LightbitsClient _client = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(TestCluster.Instant);
        _client = _cluster.Client();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task FaultAsync(object rule) =>
        (await _cluster.Http().PostAsync("/_emulator/faults", JsonContent.Create(rule))).EnsureSuccessStatusCode();

    private Task<Snapshot> SnapshotAsync(Volume volume, string name) =>
        _client.CreateSnapshotAsync("default", new CreateSnapshotRequest { Name = name, SourceVolumeUuid = volume.Uuid });

    [Fact]
    public async Task SnapshotCreate_400FailedPrecondition_IsSentAgain_AndSucceeds()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("busy", "16 mib");
        await FaultAsync(new { method = "POST", path = "/api/v2/projects/*/snapshots", status = 400, grpcCode = 9, count = 2 });

        var snapshot = await SnapshotAsync(volume, "s1");

        Assert.Equal("s1", snapshot.Name);
        Assert.Single(_cluster.State.ListSnapshots("default"));
    }

    [Fact]
    public async Task SnapshotCreate_400InvalidArgument_IsPermanent_AndCarriesItsGrpcCode()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("plain", "16 mib");
        await FaultAsync(new { method = "POST", path = "/api/v2/projects/*/snapshots", status = 400, count = 1 });

        var error = await Assert.ThrowsAsync<LightbitsApiException>(() => SnapshotAsync(volume, "s1"));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(3, error.GrpcCode);
        Assert.False(error.IsRetryable);
        Assert.Empty(_cluster.State.ListSnapshots("default"));
    }

    [Fact]
    public async Task VolumeCreate_400FailedPrecondition_IsPermanent()
    {
        await FaultAsync(new { method = "POST", path = "/api/v2/projects/*/volumes", status = 400, grpcCode = 9, count = 1 });
        var error = await Assert.ThrowsAsync<LightbitsApiException>(() => _client.CreateVolumeAsync("default",
            new CreateVolumeRequest { Name = "v", Size = "1 gib", ReplicaCount = 1, Acl = StringList.Of(StringList.AllowNone) }));
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task Delete_409OperationInProgress_IsSentAgain_AndSucceeds()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("locked", "16 mib");
        await FaultAsync(new { method = "DELETE", path = "/api/v2/projects/*/volumes/*", status = 409, grpcCode = 10, count = 2 });

        await _client.DeleteVolumeAsync("default", volume.Uuid!);

        Assert.Null(await _client.FindVolumeAsync("default", volume.Uuid!));
    }

    [Fact]
    public async Task SnapshotDelete_409OperationInProgress_IsSentAgain_AndSucceeds()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("snapped", "16 mib");
        var snapshot = await SnapshotAsync(volume, "s1");
        // As lbemu answers it while the snapshot's volume is being updated (VolumeLifecycleTests).
        await FaultAsync(new { method = "DELETE", path = "/api/v2/projects/*/snapshots/*", status = 409, grpcCode = 10, message = "There is a user operation in progress on the snapshot", count = 2 });

        await _client.DeleteSnapshotAsync("default", snapshot.Uuid!);

        Assert.Null(await _client.FindSnapshotAsync("default", snapshot.Uuid!));
    }

    [Fact]
    public async Task Update_409OperationInProgressThatOutlastsTheAttempts_IsATransientError()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("stuck", "16 mib");
        await FaultAsync(new { method = "PUT", path = "/api/v2/projects/*/volumes/*", status = 409, grpcCode = 10, count = -1 });

        var error = await Assert.ThrowsAsync<LightbitsApiException>(() =>
            _client.UpdateVolumeAsync("default", volume.Uuid!, _ => new UpdateVolumeRequest { Acl = StringList.Of(StringList.AllowAny) }));

        Assert.Equal(HttpStatusCode.Conflict, error.Status);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public async Task Create_409AlreadyExists_IsPermanent()
    {
        await _cluster.CreateAvailableVolumeAsync("taken", "16 mib");
        var error = await Assert.ThrowsAsync<LightbitsApiException>(() => _client.CreateVolumeAsync("default",
            new CreateVolumeRequest { Name = "taken", Size = "16 mib", ReplicaCount = 1, Acl = StringList.Of(StringList.AllowNone) }));
        Assert.True(error.IsConflict);
        Assert.False(error.IsRetryable);
    }
}
