using Dms.Service.Cloning;
using Dms.Workflows;
using Lightbits.Api;
using Lightbits.Api.Http;
using Lightbits.Api.Model;
using Microsoft.Extensions.Logging;

namespace Dms.Service.Clusters.SelfCheck;

/// <summary>
/// The volumes and snapshots one self-check creates, named <c>dms-selfcheck-&lt;id&gt;-…</c> in the
/// cluster's <c>default</c> project (every Lightbits cluster has it; a clone's scratch volume lives in
/// the source project, the self-check has none) and labelled like a clone's, deleted newest first.
/// </summary>
internal sealed class ScratchResources(ILightbitsCluster cluster, Guid id, OwnedResources owned)
{
    public const string Project = "default";
    public const string Prefix = "dms-selfcheck-";

    /// <summary>Leftovers of a check that could not delete them are removed by a later check once they are this old (a younger one may still be running).</summary>
    private static readonly TimeSpan LeftoverAge = TimeSpan.FromHours(1);

    private readonly List<(bool IsSnapshot, string Uuid, string Name)> _created = [];

    public async Task<Volume> CreateVolumeAsync(string suffix, CreateVolumeRequest request, CancellationToken ct)
    {
        var name = $"{Prefix}{id}-{suffix}";
        var volume = await owned.EnsureVolumeAsync(cluster, Project, request with { Name = name }, id, ErrorSide.SourceCluster, ct);
        _created.Add((false, volume.Uuid!, name));
        return volume;
    }

    public async Task<Snapshot> SnapshotAsync(Volume volume, CancellationToken ct)
    {
        var name = $"{volume.Name}-snap";
        var snapshot = await OwnedResources.Call(() => cluster.CreateSnapshotAsync(Project, new CreateSnapshotRequest { Name = name, SourceVolumeUuid = volume.Uuid }, ct),
            ErrorSide.SourceCluster, $"creating snapshot {name}");
        _created.Add((true, snapshot.Uuid!, name));
        return await owned.Waits.CreatedSnapshotAvailableAsync(cluster, Project, snapshot.Uuid!, ErrorSide.SourceCluster, ct);
    }

    /// <summary>Deletes what this check created, newest first; what cannot be deleted is logged and left for a later check.</summary>
    public async Task DeleteAllAsync(ILogger logger, CancellationToken ct)
    {
        for (var i = _created.Count - 1; i >= 0; i--)
        {
            var (isSnapshot, uuid, name) = _created[i];
            await TryDeleteAsync(isSnapshot, uuid, name, logger, ct);
        }
    }

    /// <summary>
    /// Removes the scratch resources of earlier checks that could not delete them, newest first as
    /// <see cref="DeleteAllAsync"/> does (volumes first among equals): the clone goes before the snapshot
    /// it was created from, whether a cluster refuses deleting that snapshot first is not known
    /// (docs/lightbits-assumptions.md). Best effort: what cannot be listed or deleted is logged and left
    /// for a later check, and never decides this check's result.
    /// </summary>
    public async Task SweepLeftoversAsync(DateTimeOffset now, ILogger logger, CancellationToken ct)
    {
        List<(bool IsSnapshot, string Uuid, string Name, DateTimeOffset Created)> leftovers;
        try
        {
            var snapshots = await cluster.ListSnapshotsAsync(Project, ct);
            var volumes = await cluster.ListVolumesAsync(Project, ct);
            leftovers =
            [
                .. snapshots.Where(s => IsLeftover(s.Name, s.CreationTime, now) && s.SourceVolumeName?.StartsWith(Prefix, StringComparison.Ordinal) == true)
                    .Select(s => (true, s.Uuid!, s.Name!, s.CreationTime!.Value)),
                .. volumes.Where(v => IsLeftover(v.Name, v.CreationTime, now)
                        && Guid.TryParse(v.Name!.AsSpan(Prefix.Length, 36), out var owner) && CloneNames.IsOurs(v, owner))
                    .Select(v => (false, v.Uuid!, v.Name!, v.CreationTime!.Value)),
            ];
        }
        catch (Exception e) when (e is LightbitsApiException or HttpRequestException)
        {
            logger.LogWarning("Changed-blocks self-check: could not list the leftovers of earlier checks in project {Project}: {Error}; a later check removes them", Project, e.Message);
            return;
        }
        foreach (var (isSnapshot, uuid, name, _) in leftovers.OrderByDescending(l => l.Created).ThenBy(l => l.IsSnapshot))
        {
            ct.ThrowIfCancellationRequested();
            await TryDeleteAsync(isSnapshot, uuid, name, logger, ct);
        }
    }

    private static bool IsLeftover(string? name, DateTimeOffset? created, DateTimeOffset now) =>
        name is { Length: > 50 } && name.StartsWith(Prefix, StringComparison.Ordinal) && created is { } at && now - at > LeftoverAge;

    private async Task TryDeleteAsync(bool isSnapshot, string uuid, string name, ILogger logger, CancellationToken ct)
    {
        try
        {
            await DeleteAsync(isSnapshot, uuid, ct);
        }
        catch (Exception e) when (e is WorkflowStepException or LightbitsApiException or OperationCanceledException or HttpRequestException)
        {
            logger.LogWarning("Changed-blocks self-check: could not delete {Kind} {Name} ({Uuid}) in project {Project}: {Error}; a later check removes it",
                isSnapshot ? "snapshot" : "volume", name, uuid, Project, e.Message);
        }
    }

    private async Task DeleteAsync(bool isSnapshot, string uuid, CancellationToken ct)
    {
        try
        {
            await (isSnapshot ? cluster.DeleteSnapshotAsync(Project, uuid, ct) : cluster.DeleteVolumeAsync(Project, uuid, ct));
        }
        catch (LightbitsApiException e) when (e.IsNotFound)
        {
            return;
        }

        await (isSnapshot
            ? owned.Waits.SnapshotGoneAsync(cluster, Project, uuid, ErrorSide.SourceCluster, ct)
            : owned.Waits.VolumeGoneAsync(cluster, Project, uuid, ErrorSide.SourceCluster, ct));
    }
}
