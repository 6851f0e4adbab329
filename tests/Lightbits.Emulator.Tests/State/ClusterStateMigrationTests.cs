using System.Net;
using System.Net.Http.Json;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Lightbits.Emulator.Tests.State;

/// <summary>POST /_emulator/volumes/{uuid}/migrate: Migrating for a while, usable throughout, then Available.</summary>
public sealed class ClusterStateMigrationTests : IAsyncLifetime
{
    private const string Host = "nqn.2014-08.org.nvmexpress:uuid:5e7e0000-0000-4000-8000-00000000a1a1";
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(TestCluster.Instant);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private Task<HttpResponseMessage> MigrateAsync(string uuid, int durationMs, string? token = null) =>
        _cluster.Http(token).PostAsync($"/_emulator/volumes/{uuid}/migrate", JsonContent.Create(new { durationMs }));

    [Fact]
    public async Task Migrate_VolumeIsMigratingUntilTheDurationPasses_DataPathAndSnapshotsWorkMeanwhile()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("moving", "16 mib", Host);
        (await MigrateAsync(volume.Uuid!, 5000)).EnsureSuccessStatusCode();
        var client = _cluster.Client();
        Assert.Equal(VolumeState.Migrating, (await client.GetVolumeAsync("default", volume.Uuid!)).State);

        await using (var device = await _cluster.OpenAsync(volume, Host))
        {
            await device.WriteAsync(0, new byte[4096]);
            await device.FlushAsync();
        }
        var snapshot = await client.CreateSnapshotAsync("default", new CreateSnapshotRequest { Name = "during-migration", SourceVolumeUuid = volume.Uuid });
        Assert.Equal(SnapshotState.Available, (await client.GetSnapshotAsync("default", snapshot.Uuid!)).State);

        _cluster.Time.Advance(TimeSpan.FromMilliseconds(4999));
        Assert.Equal(VolumeState.Migrating, (await client.GetVolumeAsync("default", volume.Uuid!)).State);
        _cluster.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(VolumeState.Available, (await client.GetVolumeAsync("default", volume.Uuid!)).State);
    }

    [Fact]
    public async Task Migrate_UnknownVolume_Is404_ZeroDuration_Is400()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("still", "16 mib");
        Assert.Equal(HttpStatusCode.NotFound, (await MigrateAsync(Guid.NewGuid().ToString(), 100)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await MigrateAsync(volume.Uuid!, 0)).StatusCode);
    }

    [Fact]
    public async Task Migrate_RefusesUnauthenticatedAndProjectAdminCallers()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("guarded", "16 mib");
        var (key, kid) = await _cluster.AddCredentialAsync("default", "tenant");

        Assert.Equal(HttpStatusCode.Unauthorized, (await MigrateAsync(volume.Uuid!, 100, token: "")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await MigrateAsync(volume.Uuid!, 100, _cluster.Mint(key, kid, "default:admin"))).StatusCode);
        Assert.Equal(VolumeState.Available, (await _cluster.Client().GetVolumeAsync("default", volume.Uuid!)).State);
    }
}
