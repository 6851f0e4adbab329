using Lightbits.Api.Http;
using Lightbits.Api.Model;
using Lightbits.Emulator.Api;
using Lightbits.Emulator.Testing;

namespace Lightbits.Emulator.Tests.Api;

/// <summary>lbemu's <c>--changed-blocks-encoding</c> and <c>--changed-blocks-since-creation</c>: clusters that read the proto differently from DMS.</summary>
public sealed class ChangedBlocksEncodingTests
{
    private static async Task<(TestCluster Cluster, LightbitsClient Client)> StartAsync(Func<EmulatorOptions, EmulatorOptions> configure)
    {
        var cluster = await TestCluster.StartAsync(o => configure(TestCluster.Instant(o)), servers: 1);
        return (cluster, cluster.Client());
    }

    private static async Task<Snapshot> WrittenSnapshotAsync(TestCluster cluster, LightbitsClient client, string name, CreateVolumeRequest request, params long[] offsets)
    {
        var volume = await client.CreateVolumeAsync("default", request with { Name = name, ReplicaCount = 1, Acl = StringList.Of(StringList.AllowNone) });
        foreach (var offset in offsets)
        {
            await cluster.Blocks.GetVolume(Guid.Parse(volume.Uuid!)).WriteAsync(offset, Enumerable.Repeat((byte)1, (int)(volume.SectorSize == 0 ? 4096 : volume.SectorSize)).ToArray());
        }
        return await client.CreateSnapshotAsync("default", new CreateSnapshotRequest { Name = name + "-snap", SourceVolumeUuid = volume.Uuid });
    }

    [Theory]
    [InlineData("lsb", 0x07)]
    [InlineData("msb", 0xE0)]
    public async Task BitOrder_ShowsInThePartialLastByteOfAVolumeOf259Lbas(string encoding, int lastByte)
    {
        var (cluster, client) = await StartAsync(o => o with { ChangedBlocksEncoding = ChangedBlocksEncodings.ByName[encoding] });
        await using var _ = cluster;
        var snapshot = await WrittenSnapshotAsync(cluster, client, "v", new CreateVolumeRequest { Size = (259 * 4096).ToString(System.Globalization.CultureInfo.InvariantCulture), SectorSize = 4096 }, 258 * 4096);

        var range = (await client.ListChangedBlocksAsync("default", snapshot.Uuid!)).LbaRanges.Single();

        Assert.Equal((256UL, 259UL), (range.LbaStart, range.LbaEnd));
        Assert.Equal([(byte)lastByte], range.DataBitMap);
    }

    [Theory]
    [InlineData("lsb-4k")]
    [InlineData("msb-4k")]
    public async Task FourKiBUnits_CountOffsetsRangesAndBitsIn4KiBBlocksOnA512ByteSectorVolume(string encoding)
    {
        var (cluster, client) = await StartAsync(o => o with { ChangedBlocksEncoding = ChangedBlocksEncodings.ByName[encoding] });
        await using var _ = cluster;
        // Sector 129 and sector 2048 + 129: their 64 KiB chunks are sectors 128..255 and 2176..2303, 4 KiB blocks 16..31 and 272..287.
        var snapshot = await WrittenSnapshotAsync(cluster, client, "v", new CreateVolumeRequest { Size = "4 mib", SectorSize = 512 }, 129 * 512, (2048 + 129) * 512);

        var all = await client.ListChangedBlocksAsync("default", snapshot.Uuid!);
        var fromSecond = await client.ListChangedBlocksAsync("default", snapshot.Uuid!, offsetLba: 272);

        Assert.Equal([(16UL, 32UL), (272UL, 288UL)], all.LbaRanges.Select(r => (r.LbaStart, r.LbaEnd)));
        Assert.All(all.LbaRanges, r => Assert.Equal([0xFF, 0xFF], r.DataBitMap));
        Assert.Equal(272UL, fromSecond.LbaRanges.Single().LbaStart);
    }

    [Fact]
    public async Task SinceCreation_ACloneSnapshotListsOnlyWhatTheCloneWrote_AndABaseStillWorks()
    {
        var (cluster, client) = await StartAsync(o => o with { ChangedBlocksSinceCreation = true });
        await using var _ = cluster;
        var parent = await WrittenSnapshotAsync(cluster, client, "v", new CreateVolumeRequest { Size = "16 mib" }, 0);
        var clone = await client.CreateVolumeAsync("default", new CreateVolumeRequest
        {
            Name = "c", ReplicaCount = 1, SourceSnapshotUuid = parent.Uuid, Acl = StringList.Of(StringList.AllowNone),
        });
        await cluster.Blocks.GetVolume(Guid.Parse(clone.Uuid!)).WriteAsync(8 << 20, new byte[4096]);
        var snapshot = await client.CreateSnapshotAsync("default", new CreateSnapshotRequest { Name = "c-snap", SourceVolumeUuid = clone.Uuid });

        Assert.Equal([(2048UL, 2112UL)], (await client.ListChangedBlocksAsync("default", snapshot.Uuid!)).LbaRanges.Select(r => (r.LbaStart, r.LbaEnd)));
        Assert.Equal([(0UL, 64UL)], (await client.ListChangedBlocksAsync("default", parent.Uuid!)).LbaRanges.Select(r => (r.LbaStart, r.LbaEnd)));
    }
}
