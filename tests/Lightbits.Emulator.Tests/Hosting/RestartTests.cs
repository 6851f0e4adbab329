using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Lightbits.Emulator.Tests.Hosting;

public sealed class RestartTests
{
    [Fact]
    public async Task Restart_KeepsIdentityEndpointsCredentialsVolumesAndSnapshots()
    {
        var cluster = await TestCluster.StartAsync();
        var client = cluster.Client();
        await client.CreateProjectAsync(new CreateProjectRequest { Name = "p1", Description = "tenant" });
        var (key, kid) = await cluster.AddCredentialAsync("p1", "c1");
        var volume = await client.CreateVolumeAsync("p1", new CreateVolumeRequest { Name = "v", Size = "1 gib", ReplicaCount = 1, Acl = StringList.Of(StringList.AllowAny) });
        cluster.Settle();
        var snapshot = await client.CreateSnapshotAsync("p1", new CreateSnapshotRequest { Name = "s", SourceVolumeUuid = volume.Uuid });
        var before = cluster.Report;

        // The snapshot is still Creating when the cluster goes down: a restart finishes it.
        await using var restarted = await cluster.RestartAsync();
        var after = restarted.Report;
        Assert.Equal(before.ClusterUuid, after.ClusterUuid);
        Assert.Equal(before.SubsystemNqn, after.SubsystemNqn);
        Assert.Equal(before.TlsCertSha256, after.TlsCertSha256);
        Assert.Equal(before.Servers.Select(s => s.ApiEndpoint), after.Servers.Select(s => s.ApiEndpoint));

        var tenant = restarted.Client(restarted.Mint(key, kid, "p1:admin"));
        var volumes = await tenant.ListVolumesAsync("p1");
        Assert.Equal(volume.Uuid, Assert.Single(volumes).Uuid);
        Assert.Equal(SnapshotState.Available, (await tenant.GetSnapshotAsync("p1", snapshot.Uuid!)).State);
    }

    [Fact]
    public async Task Restart_VolumeBeingDeleted_IsGone()
    {
        var cluster = await TestCluster.StartAsync(servers: 1);
        var client = cluster.Client();
        var volume = await client.CreateVolumeAsync("default", new CreateVolumeRequest { Name = "v", Size = "1 gib", ReplicaCount = 1, Acl = StringList.Of(StringList.AllowNone) });
        cluster.Settle();
        await client.DeleteVolumeAsync("default", volume.Uuid!);

        await using var restarted = await cluster.RestartAsync();
        Assert.Empty(await restarted.Client().ListVolumesAsync("default"));
    }

    [Fact]
    public async Task MemoryStorage_OnADataDirWhoseVolumesWereOnDisk_RefusesToStartRatherThanServeEmptiedVolumes()
    {
        var cluster = await TestCluster.StartAsync(servers: 1);
        await cluster.CreateAvailableVolumeAsync("v", "1 gib");
        await cluster.DisposeAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestCluster.StartAsync(o => o with { MemoryStorage = true }, cluster.DataDir, servers: 1));
        Assert.Contains("--storage memory", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 volume(s) and 0 snapshot(s)", error.Message, StringComparison.Ordinal);

        await using var onDisk = await TestCluster.StartAsync(dataDir: cluster.DataDir, servers: 1);
        Assert.Single(await onDisk.Client().ListVolumesAsync("default"));
    }
}
