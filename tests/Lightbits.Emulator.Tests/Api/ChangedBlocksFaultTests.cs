using System.Net.Http.Json;
using Lightbits.Api.ChangedBlocks;
using Lightbits.Api.Http;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Lightbits.Emulator.Tests.Api;

/// <summary>The test control that makes a changed-blocks listing wrong: data left out, ranges out of order.</summary>
public sealed class ChangedBlocksFaultTests : IAsyncLifetime
{
    private const int Lba = 4096;
    private TestCluster _cluster = null!;
    private LightbitsClient _client = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(servers: 1);
        _client = _cluster.Client();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    /// <summary>A snapshot holding 1 MiB at 0 and 64 KiB at 100 MiB (two ranges of the listing).</summary>
    private async Task<Snapshot> SnapshotWithTwoRangesAsync()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("v", "1 gib");
        var handle = _cluster.Blocks.GetVolume(Guid.Parse(volume.Uuid!));
        await handle.WriteAsync(0, Enumerable.Repeat((byte)1, 1 << 20).ToArray());
        await handle.WriteAsync(100 << 20, Enumerable.Repeat((byte)2, 65536).ToArray());
        var snapshot = await _client.CreateSnapshotAsync("default", new CreateSnapshotRequest { Name = "s", SourceVolumeUuid = volume.Uuid });
        _cluster.Settle();
        return snapshot;
    }

    private async Task<List<LbaExtent>> ExtentsAsync(Snapshot snapshot)
    {
        var extents = new List<LbaExtent>();
        await foreach (var extent in _client.GetChangedExtentsAsync("default", snapshot.Uuid!))
        {
            extents.Add(extent);
        }
        return extents;
    }

    private async Task FaultAsync(object fault) =>
        (await _cluster.Http().PostAsync("/_emulator/changed-blocks-faults", JsonContent.Create(fault))).EnsureSuccessStatusCode();

    [Fact]
    public async Task Omit_LeavesTheWrittenRangeOutOfTheListing()
    {
        var snapshot = await SnapshotWithTwoRangesAsync();

        await FaultAsync(new { snapshotUuid = snapshot.Uuid, omitLbaStart = 64, omitLbaCount = 64 });

        Assert.Equal([new LbaExtent(0, 64), new LbaExtent(128, 128), new LbaExtent(25600, 16)], await ExtentsAsync(snapshot));
    }

    [Fact]
    public async Task OutOfOrder_ListsTheRangesLastToFirst()
    {
        var snapshot = await SnapshotWithTwoRangesAsync();

        await FaultAsync(new { snapshotUuid = snapshot.Uuid, outOfOrder = true });

        Assert.Equal([new LbaExtent(25600, 16), new LbaExtent(0, 256)], await ExtentsAsync(snapshot));
    }

    [Fact]
    public async Task ClearingFaults_RestoresTheTrueListing()
    {
        var snapshot = await SnapshotWithTwoRangesAsync();
        await FaultAsync(new { outOfOrder = true, omitLbaStart = 0, omitLbaCount = 256 });

        (await _cluster.Http().DeleteAsync("/_emulator/faults")).EnsureSuccessStatusCode();

        Assert.Equal([new LbaExtent(0, 256), new LbaExtent(25600, 16)], await ExtentsAsync(snapshot));
    }
}
