using System.Net;
using System.Net.Http.Json;
using Lightbits.Api.ChangedBlocks;
using Lightbits.Api.Http;
using Lightbits.Api.Model;
using Lightbits.Emulator.Api;
using Lightbits.Emulator.Testing;

namespace Lightbits.Emulator.Tests.Api;

/// <summary>The changed-blocks API (spec lightbits-api.md §13) over data written into volumes, and its test control for wrong listings.</summary>
public sealed class ChangedBlocksTests : IAsyncLifetime
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

    private async Task WriteAsync(Volume volume, long offset, int length) =>
        await _cluster.Blocks.GetVolume(Guid.Parse(volume.Uuid!)).WriteAsync(offset, new byte[length].Select((_, i) => (byte)(i + 1)).ToArray());

    private async Task<Snapshot> SnapshotAsync(Volume volume, string name)
    {
        var snapshot = await _client.CreateSnapshotAsync("default", new CreateSnapshotRequest { Name = name, SourceVolumeUuid = volume.Uuid });
        _cluster.Settle();
        return snapshot;
    }

    private async Task<List<LbaExtent>> ExtentsAsync(Snapshot snapshot, Snapshot? baseSnapshot = null)
    {
        var extents = new List<LbaExtent>();
        await foreach (var extent in _client.GetChangedExtentsAsync("default", snapshot.Uuid!, baseSnapshot?.Uuid))
        {
            extents.Add(extent);
        }
        return [.. ChangedExtents.Merge(extents)];
    }

    [Fact]
    public async Task WithoutBase_ReportsEveryChunkHoldingData()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("v", "1 gib");
        await WriteAsync(volume, 1 << 20, Lba);                 // one LBA: its 64 KiB chunk counts
        await WriteAsync(volume, 100 << 20, 3 << 20);           // 3 MiB dense
        var snapshot = await SnapshotAsync(volume, "s1");

        Assert.Equal(
            [new LbaExtent(256, 16), new LbaExtent(25600, 768)],
            await ExtentsAsync(snapshot));
    }

    [Fact]
    public async Task WithBase_ReportsOnlyWhatChangedSinceIt()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("v", "256 mib");
        await WriteAsync(volume, 0, 1 << 20);
        var first = await SnapshotAsync(volume, "s1");
        await WriteAsync(volume, 64 << 20, 65536);
        var second = await SnapshotAsync(volume, "s2");

        Assert.Equal([new LbaExtent(16384, 16)], await ExtentsAsync(second, first));
        Assert.Equal([new LbaExtent(0, 256), new LbaExtent(16384, 16)], await ExtentsAsync(second));
    }

    [Fact]
    public async Task ManyRanges_ArePagedWithNextOffsetLba()
    {
        // Every other 256 KiB window holds one LBA: more ranges than one answer may carry.
        var volume = await _cluster.CreateAvailableVolumeAsync("v", "6 gib");
        const int windows = ChangedBlocksRoutes.MaxRanges + 50;
        var handle = _cluster.Blocks.GetVolume(Guid.Parse(volume.Uuid!));
        var one = new byte[Lba];
        one[0] = 1;
        for (long i = 0; i < windows; i++)
        {
            await handle.WriteAsync(i * 2 * (256 << 10), one);
        }
        var snapshot = await SnapshotAsync(volume, "s");

        var first = await _client.ListChangedBlocksAsync("default", snapshot.Uuid!);
        Assert.Equal(ChangedBlocksRoutes.MaxRanges, first.LbaRanges.Count);
        Assert.NotEqual(0UL, first.NextOffsetLba);
        var extents = await ExtentsAsync(snapshot);
        Assert.Equal(windows, extents.Count);
        Assert.Equal(new LbaExtent((ulong)(windows - 1) * 128, 16), extents[^1]);
    }

    [Theory]
    [InlineData("same", HttpStatusCode.BadRequest)]
    [InlineData("other-chain", HttpStatusCode.BadRequest)]
    [InlineData("missing-base", HttpStatusCode.NotFound)]
    [InlineData("missing", HttpStatusCode.NotFound)]
    [InlineData("past-end", HttpStatusCode.BadRequest)]
    [InlineData("bad-offset", HttpStatusCode.BadRequest)]
    public async Task Errors_AreTheDocumentedStatuses(string problem, HttpStatusCode expected)
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("v", "16 mib");
        var other = await _cluster.CreateAvailableVolumeAsync("w", "16 mib");
        var snapshot = await SnapshotAsync(volume, "s");
        var foreign = await SnapshotAsync(other, "t");
        var path = problem switch
        {
            "same" => $"diff/{snapshot.Uuid}?baseSnapshotUUID={snapshot.Uuid}",
            "other-chain" => $"diff/{snapshot.Uuid}?baseSnapshotUUID={foreign.Uuid}",
            "missing-base" => $"diff/{snapshot.Uuid}?baseSnapshotUUID={Guid.NewGuid()}",
            "missing" => $"diff/{Guid.NewGuid()}",
            "past-end" => $"diff/{snapshot.Uuid}?offsetLBA=4096",
            _ => $"diff/{snapshot.Uuid}?offsetLBA=-5",
        };
        var response = await _cluster.Http().GetAsync($"/api/v2/projects/default/snapshots/{path}");
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task SnapshotByName_InTheQuery_IsAccepted()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("v", "16 mib");
        await WriteAsync(volume, 0, Lba);
        await SnapshotAsync(volume, "by-name");
        var body = await _cluster.Http().GetStringAsync("/api/v2/projects/default/snapshots/diff?snapshotName=by-name");
        // One range starting at LBA 0, and the end reached: both zeros, so left out as the gateway does.
        using var answer = System.Text.Json.JsonDocument.Parse(body);
        var range = Assert.Single(answer.RootElement.GetProperty("lbaRanges").EnumerateArray());
        Assert.False(range.TryGetProperty("lbaStart", out _));
        Assert.False(answer.RootElement.TryGetProperty("nextOffsetLBA", out _));
    }

    /// <summary>A snapshot holding 1 MiB at 0 and 64 KiB at 100 MiB (two ranges of the listing).</summary>
    private async Task<Snapshot> SnapshotWithTwoRangesAsync()
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("v", "1 gib");
        await WriteAsync(volume, 0, 1 << 20);
        await WriteAsync(volume, 100 << 20, 65536);
        return await SnapshotAsync(volume, "s");
    }

    private async Task FaultAsync(object fault) =>
        (await _cluster.Http().PostAsync("/_emulator/changed-blocks-faults", JsonContent.Create(fault))).EnsureSuccessStatusCode();

    [Fact]
    public async Task FaultOmit_LeavesTheWrittenRangeOutOfTheListing()
    {
        var snapshot = await SnapshotWithTwoRangesAsync();

        await FaultAsync(new { snapshotUuid = snapshot.Uuid, omitLbaStart = 64, omitLbaCount = 64 });

        Assert.Equal([new LbaExtent(0, 64), new LbaExtent(128, 128), new LbaExtent(25600, 16)], await ExtentsAsync(snapshot));
    }

    [Fact]
    public async Task FaultOutOfOrder_ListsTheRangesLastToFirst()
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
