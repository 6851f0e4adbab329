using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Lightbits.Emulator.Tests.State;

/// <summary>--not-found-after-create-ms: GETs of a just-created volume or snapshot answer 404 for a while.</summary>
public sealed class ClusterStateReadAfterCreateTests : IAsyncLifetime
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await TestCluster.StartAsync(o => TestCluster.Instant(o) with { NotFoundAfterCreate = Window });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Volume_GetByUuidAndByName_Answer404UntilTheWindowPasses_ListsSeeItAtOnce()
    {
        var client = _cluster.Client();
        var volume = await client.CreateVolumeAsync("default", new CreateVolumeRequest { Name = "fresh", Size = "1 gib", ReplicaCount = 1, Acl = StringList.Of(StringList.AllowNone) });

        Assert.Null(await client.FindVolumeAsync("default", volume.Uuid!));
        Assert.Null(await client.FindVolumeByNameAsync("default", "fresh"));
        Assert.Contains(await client.ListVolumesAsync("default"), v => v.Uuid == volume.Uuid);

        _cluster.Time.Advance(Window);
        Assert.Equal(VolumeState.Available, (await client.FindVolumeAsync("default", volume.Uuid!))!.State);
        Assert.NotNull(await client.FindVolumeByNameAsync("default", "fresh"));
    }

    [Fact]
    public async Task Snapshot_GetByUuidAndByName_Answer404UntilTheWindowPasses()
    {
        var client = _cluster.Client();
        var volume = await client.CreateVolumeAsync("default", new CreateVolumeRequest { Name = "base", Size = "1 gib", ReplicaCount = 1, Acl = StringList.Of(StringList.AllowNone) });
        _cluster.Time.Advance(Window);
        var snapshot = await client.CreateSnapshotAsync("default", new CreateSnapshotRequest { Name = "fresh-snap", SourceVolumeUuid = volume.Uuid });

        Assert.Null(await client.FindSnapshotAsync("default", snapshot.Uuid!));
        Assert.Null(await client.FindSnapshotByNameAsync("default", "fresh-snap"));

        _cluster.Time.Advance(Window);
        Assert.NotNull(await client.FindSnapshotAsync("default", snapshot.Uuid!));
        Assert.NotNull(await client.FindSnapshotByNameAsync("default", "fresh-snap"));
    }
}
