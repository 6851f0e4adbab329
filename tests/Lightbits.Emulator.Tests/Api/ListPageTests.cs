using System.Net;
using System.Text.Json;
using Lightbits.Emulator.Testing;

namespace Lightbits.Emulator.Tests.Api;

/// <summary>ListVolumes and ListSnapshots page by <c>offsetUUID</c> ("starts with next to") and <c>limit</c> (default and maximum 1000).</summary>
public sealed class ListPageTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(TestCluster.Instant, servers: 1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task<List<string>> UuidsAsync(string path, string list)
    {
        using var answer = JsonDocument.Parse(await _cluster.Http().GetStringAsync(path));
        return answer.RootElement.TryGetProperty(list, out var items)
            ? [.. items.EnumerateArray().Select(i => i.GetProperty("UUID").GetString()!)]
            : [];
    }

    private async Task<List<string>> CreateVolumesAsync(int count)
    {
        var uuids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            uuids.Add((await _cluster.CreateAvailableVolumeAsync($"v{i}", "1 mib")).Uuid!);
        }
        uuids.Sort(StringComparer.Ordinal);
        return uuids;
    }

    [Fact]
    public async Task Volumes_LimitAndOffset_WalkTheWholeListOnce()
    {
        var all = await CreateVolumesAsync(5);
        const string root = "/api/v2/projects/default/volumes";

        var first = await UuidsAsync($"{root}?limit=2", "volumes");
        var second = await UuidsAsync($"{root}?limit=2&offsetUUID={first[^1]}", "volumes");
        var third = await UuidsAsync($"{root}?limit=2&offsetUUID={second[^1]}", "volumes");
        var past = await UuidsAsync($"{root}?limit=2&offsetUUID={third[^1]}", "volumes");

        Assert.Equal(all, [.. first, .. second, .. third]);
        Assert.Single(third);
        Assert.Empty(past);
        Assert.Equal(all, await UuidsAsync($"{root}?limit=0", "volumes"));
    }

    [Fact]
    public async Task Volumes_OffsetOfADeletedVolume_StillStartsAfterIt()
    {
        var all = await CreateVolumesAsync(3);
        await _cluster.Client().DeleteVolumeAsync("default", all[1]);
        _cluster.Settle();

        Assert.Equal([all[2]], await UuidsAsync($"/api/v2/projects/default/volumes?offsetUUID={all[1]}", "volumes"));
    }

    [Fact]
    public async Task Snapshots_LimitAndOffset_Page()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("v", "1 mib");
        var client = _cluster.Client();
        for (var i = 0; i < 3; i++)
        {
            await client.CreateSnapshotAsync("default", new Lightbits.Api.Model.CreateSnapshotRequest { Name = $"s{i}", SourceVolumeUuid = volume.Uuid });
        }
        _cluster.Settle();
        const string root = "/api/v2/projects/default/snapshots";
        var all = await UuidsAsync(root, "snapshots");

        Assert.Equal(all.Order(StringComparer.Ordinal), all);
        Assert.Equal(all[..2], await UuidsAsync($"{root}?limit=2", "snapshots"));
        Assert.Equal(all[1..], await UuidsAsync($"{root}?offsetUUID={all[0]}", "snapshots"));
    }

    [Fact]
    public async Task NegativeLimit_Returns400()
    {
        var response = await _cluster.Http().GetAsync("/api/v2/projects/default/volumes?limit=-1");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
