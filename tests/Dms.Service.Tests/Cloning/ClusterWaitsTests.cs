using Dms.Service.Cloning;
using Dms.Workflows;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Dms.Service.Tests.Cloning;

/// <summary>The waits' bounds: a create the cluster never lets DMS read fails clearly once the grace is over.</summary>
public sealed class ClusterWaitsTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    // The fake clock never moves: for the cluster every GET happens right after the create.
    public async Task InitializeAsync() =>
        _cluster = await TestCluster.StartAsync(o => TestCluster.Instant(o) with { NotFoundAfterCreate = TimeSpan.FromHours(1) }, servers: 1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task CreatedVolumeThatStays404_FailsPermanently_NamingTheVolumeAndTheGrace()
    {
        var client = _cluster.Client();
        var volume = await client.CreateVolumeAsync("default", new CreateVolumeRequest { Name = "never-seen", Size = "1 gib", ReplicaCount = 1, Acl = StringList.Of(StringList.AllowNone) });
        var waits = new ClusterWaits(TimeProvider.System, notFoundAfterCreate: TimeSpan.FromMilliseconds(500));

        var error = await Assert.ThrowsAsync<WorkflowStepException>(() =>
            waits.CreatedVolumeAvailableAsync(client, "default", volume.Uuid!, ErrorSide.DestinationCluster, CancellationToken.None));

        Assert.False(error.IsRetryable);
        Assert.Contains($"volume {volume.Uuid} was created but the cluster still answers 404", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VolumeNotCreatedByThisCall_404IsBelievedAtOnce()
    {
        var waits = new ClusterWaits(TimeProvider.System, notFoundAfterCreate: TimeSpan.FromHours(1));
        var error = await Assert.ThrowsAsync<WorkflowStepException>(() =>
            waits.VolumeAvailableAsync(_cluster.Client(), "default", Guid.NewGuid().ToString(), ErrorSide.SourceCluster, CancellationToken.None));
        Assert.Contains("disappeared", error.Message, StringComparison.Ordinal);
    }
}
