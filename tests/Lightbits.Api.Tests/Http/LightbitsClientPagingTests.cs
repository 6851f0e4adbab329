using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Lightbits.Api.Tests.Http;

/// <summary>
/// ListVolumes and ListSnapshots return at most <c>limit</c> entries a page (1000 at most on a real
/// cluster): the client walks the pages by <c>offsetUUID</c>, so a project with more volumes than one
/// page holds is listed whole, each entry once.
/// </summary>
public sealed class LightbitsClientPagingTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(TestCluster.Instant, servers: 1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(1000)]
    public async Task VolumesAndSnapshots_SpanningPages_AreListedWholeAndOnce(int pageLimit)
    {
        var volumes = new List<string>();
        var snapshots = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var volume = await _cluster.CreateAvailableVolumeAsync($"v{i}", "1 mib");
            volumes.Add(volume.Uuid!);
            var snapshot = await _cluster.Client().CreateSnapshotAsync("default", new CreateSnapshotRequest { Name = $"s{i}", SourceVolumeUuid = volume.Uuid });
            snapshots.Add(snapshot.Uuid!);
        }

        _cluster.Settle();
        var client = _cluster.Client();
        client.ListPageLimit = pageLimit;

        Assert.Equal(volumes.Order(StringComparer.Ordinal), (await client.ListVolumesAsync("default")).Select(v => v.Uuid!).Order(StringComparer.Ordinal));
        Assert.Equal(snapshots.Order(StringComparer.Ordinal), (await client.ListSnapshotsAsync("default")).Select(s => s.Uuid!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task MoreVolumesThanTheClustersLargestPage_AreAllListed()
    {
        const int count = 1001; // one past the documented maximum page, which lbemu enforces
        var client = _cluster.Client();
        for (var i = 0; i < count; i++)
        {
            await client.CreateVolumeAsync("default", new CreateVolumeRequest { Name = $"v{i}", Size = "1 mib", ReplicaCount = 1, Acl = StringList.Of(StringList.AllowNone) });
        }

        _cluster.Settle();

        var listed = await client.ListVolumesAsync("default");
        Assert.Equal(count, listed.Select(v => v.Uuid).Distinct().Count());
        Assert.Equal(count, listed.Count);
    }

    [Fact]
    public async Task EmptyProject_IsAnEmptyList()
    {
        var client = _cluster.Client();
        client.ListPageLimit = 2;

        Assert.Empty(await client.ListVolumesAsync("default"));
        Assert.Empty(await client.ListSnapshotsAsync("default"));
    }
}
