using System.Globalization;
using Dms.Contracts.Clusters;
using Dms.Service.Cloning;
using Dms.Workflows;
using Lightbits.Api;
using Lightbits.Api.ChangedBlocks;
using Lightbits.Api.Http;
using Lightbits.Api.Model;
using Microsoft.Extensions.Logging;

namespace Dms.Service.Clusters.SelfCheck;

/// <summary>
/// Calibrates a cluster's changed-blocks encoding (DESIGN §8a; docs/lightbits-assumptions.md,
/// "Changed blocks"): writes known sectors to small scratch volumes over NVMe/TCP, snapshots them
/// and checks that the diffs decode to what was written; then snapshots a clone of one of them,
/// written elsewhere, to see whether a clone's diff lists what it inherited. Never throws for
/// what the cluster does: a cluster without the API makes the result <c>unsupported</c>, anything
/// else that stops the check <c>failed</c> (a refresh checks again; clones scan whole volumes meanwhile).
/// </summary>
internal sealed class ChangedBlocksSelfCheck(CloneServices services, ClusterRegistry registry, ClusterConnections connections, TimeSpan timeout,
    TimeProvider time, ILogger<ChangedBlocksSelfCheck> logger)
{
    /// <summary>512-byte sectors, where a 4 KiB LBA unit differs from a sector: first, bit and byte boundaries, a far one, the last.</summary>
    private static readonly Probe Sectors512 = new("512", 512, 8192, [0, 7, 8, 63, 64, 4097, 8191]);

    /// <summary>4 KiB sectors and 259 LBAs (sizes stay multiples of 4 KiB): the last bitmap byte is partial, so a coarse tracker still shows its bit order.</summary>
    private static readonly Probe Sectors4K = new("4k", 4096, 259, [0, 9, 258]);

    /// <summary>Written on the clone of <see cref="Sectors512"/>'s snapshot: a 1 MiB window none of the inherited blocks is in.</summary>
    private const long CloneLba = 2048;

    /// <summary>
    /// Checks the attached cluster and stores the result with it (at attach and refresh). Turned off
    /// by a zero timeout (dms.yaml <c>changedBlocksCheckTimeout: off</c>): the cluster keeps its last result.
    /// </summary>
    public async Task CalibrateAsync(string clusterId, CancellationToken ct)
    {
        if (timeout <= TimeSpan.Zero || await registry.FindAsync(clusterId, ct) is not { } cluster)
        {
            return;
        }

        var result = await RunAsync(connections.For(cluster), ct);
        logger.LogInformation("Cluster {ClusterId}: changed-blocks self-check {Result}, inherited blocks listed: {Inherited}{Detail}",
            clusterId, result.Result, result.InheritedBlocksListed?.ToString() ?? "unknown", result.Detail is null ? "" : $" ({result.Detail})");
        // Read again: a refresh or re-attach may have stored a newer record meanwhile; a detach removed it.
        if (await registry.FindAsync(clusterId, ct) is { } current)
        {
            await registry.SaveAsync(current with { ChangedBlocksCheck = result }, ct);
        }
    }

    /// <summary>The check itself; past the timeout (cleanup excluded) the result is <c>failed</c>.</summary>
    public async Task<ChangedBlocksCheck> RunAsync(ILightbitsCluster cluster, CancellationToken ct)
    {
        var id = Guid.NewGuid();
        var scratch = new ScratchResources(cluster, id, services.Owned);
        using var budget = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, budget.Token);
        try
        {
            await scratch.SweepLeftoversAsync(time.GetUtcNow(), logger, linked.Token);
            return await CheckAsync(cluster, scratch, linked.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Result(ChangedBlocksCheckResult.Failed, $"did not finish within {timeout}", inherited: null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever the cluster did, the attach or refresh goes on; the clones that follow scan whole volumes.
            logger.LogWarning(e, "Changed-blocks self-check could not run");
            return Result(ChangedBlocksCheckResult.Failed, e.Message, inherited: null);
        }
        finally
        {
            // Cleanup gets a budget of its own: the check's may be spent, or the workflow cancelled.
            using var cleanup = new CancellationTokenSource(timeout, time);
            await scratch.DeleteAllAsync(logger, cleanup.Token);
        }
    }

    private async Task<ChangedBlocksCheck> CheckAsync(ILightbitsCluster cluster, ScratchResources scratch, CancellationToken ct)
    {
        var (parent, parentSnapshot) = await WrittenSnapshotAsync(cluster, scratch, Sectors512, ct);
        var (_, tailSnapshot) = await WrittenSnapshotAsync(cluster, scratch, Sectors4K, ct);
        foreach (var (probe, snapshot) in new[] { (Sectors512, parentSnapshot), (Sectors4K, tailSnapshot) })
        {
            if (await DiffAsync(cluster, snapshot, ct) is not { } listed)
            {
                return Result(ChangedBlocksCheckResult.Unsupported, "the cluster has no changed-blocks API", inherited: null);
            }
            if (DiffComparison.Problem(probe.Lbas, listed, probe.SectorSize) is { } problem)
            {
                return Result(ChangedBlocksCheckResult.Mismatch, problem, inherited: null);
            }
        }

        var clone = await scratch.CreateVolumeAsync("clone", VolumeRequest(Sectors512) with { SourceSnapshotUuid = parentSnapshot.Uuid, SectorSize = null }, ct);
        await WriteAsync(cluster, clone, Sectors512.SectorSize, [CloneLba], ct);
        var cloneListed = await DiffAsync(cluster, await scratch.SnapshotAsync(clone, ct), ct) ?? [];
        if (!DiffComparison.ListsAll([CloneLba], cloneListed))
        {
            return Result(ChangedBlocksCheckResult.Mismatch, $"a clone's snapshot: LBA {CloneLba} written, diff listed {DiffComparison.Describe(cloneListed)}", inherited: null);
        }
        var inherited = DiffComparison.ListsAll(Sectors512.Lbas, cloneListed);
        if (!inherited && !DiffComparison.ListsNone(Sectors512.Lbas, cloneListed))
        {
            return Result(ChangedBlocksCheckResult.Mismatch, $"a clone's snapshot lists some of the blocks it inherited and not others (volume {parent.Name})", inherited: null);
        }
        return Result(ChangedBlocksCheckResult.Verified, detail: null, inherited);
    }

    /// <summary>A scratch volume with the probe's sectors written, and a snapshot of it.</summary>
    private async Task<(Volume Volume, Snapshot Snapshot)> WrittenSnapshotAsync(ILightbitsCluster cluster, ScratchResources scratch, Probe probe, CancellationToken ct)
    {
        var volume = await scratch.CreateVolumeAsync(probe.Suffix, VolumeRequest(probe), ct);
        await WriteAsync(cluster, volume, probe.SectorSize, probe.Lbas, ct);
        return (volume, await scratch.SnapshotAsync(volume, ct));
    }

    private CreateVolumeRequest VolumeRequest(Probe probe) => new()
    {
        Size = (probe.LbaCount * probe.SectorSize).ToString(CultureInfo.InvariantCulture),
        SectorSize = (uint)probe.SectorSize,
        ReplicaCount = 1,
        Acl = StringList.Of(services.HostNqn.Value),
    };

    /// <summary>One sector of non-zero bytes at each LBA, flushed before the snapshot is taken.</summary>
    private async Task WriteAsync(ILightbitsCluster cluster, Volume volume, int sectorSize, IEnumerable<long> lbas, CancellationToken ct)
    {
        await using var device = await services.DataPath.OpenAsync(cluster, ScratchResources.Project, volume.Name!, ErrorSide.SourceCluster, ct);
        var sector = Enumerable.Repeat((byte)0xA5, sectorSize).ToArray();
        foreach (var lba in lbas)
        {
            await device.WriteAsync(lba * sectorSize, sector, ct);
        }
        await device.FlushAsync(ct);
    }

    /// <summary>The decoded diff of a snapshot against nothing; null when the cluster lacks the API (404/501).</summary>
    private static async Task<IReadOnlyList<LbaExtent>?> DiffAsync(ILightbitsCluster cluster, Snapshot snapshot, CancellationToken ct)
    {
        var extents = new List<LbaExtent>();
        try
        {
            await foreach (var extent in cluster.GetChangedExtentsAsync(ScratchResources.Project, snapshot.Uuid!, ct: ct))
            {
                extents.Add(extent);
            }
        }
        catch (LightbitsApiException e) when (e.Status is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.NotImplemented)
        {
            return null;
        }
        return [.. ChangedExtents.Merge(extents)];
    }

    private ChangedBlocksCheck Result(ChangedBlocksCheckResult result, string? detail, bool? inherited) =>
        new() { Result = result, Detail = detail, InheritedBlocksListed = inherited, CheckedAt = time.GetUtcNow() };

    private sealed record Probe(string Suffix, int SectorSize, long LbaCount, long[] Lbas);
}
