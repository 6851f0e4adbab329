using Common.Text;
using Lightbits.Emulator.Wire;

namespace Lightbits.Emulator.State;

public sealed partial class ClusterState
{
    public IReadOnlyList<SnapshotRecord> ListSnapshots(string project, bool showAll = false)
    {
        lock (_lock)
        {
            RequireProject(project);
            return [.. _state.Snapshots.Where(s => s.ProjectName == project && (showAll || s.State != SnapshotState.Deleting))];
        }
    }

    public SnapshotRecord GetSnapshot(string project, string uuid)
    {
        lock (_lock)
        {
            RequireProject(project);
            return _state.Snapshots.FirstOrDefault(s => s.ProjectName == project && s.Uuid == uuid)
                ?? throw ApiException.NotFound($"snapshot {uuid} not found in project \"{project}\"");
        }
    }

    public SnapshotRecord GetSnapshotByName(string project, string name)
    {
        lock (_lock)
        {
            RequireProject(project);
            return _state.Snapshots.FirstOrDefault(s => s.ProjectName == project && s.Name == name)
                ?? throw ApiException.NotFound($"snapshot \"{name}\" not found in project \"{project}\"");
        }
    }

    public SnapshotRecord CreateSnapshot(string project, string? name, string? sourceVolumeUuid, string? sourceVolumeName,
        string? description, string? retentionTime)
    {
        if (Names.Problem("name", name) is { } problem)
        {
            throw ApiException.BadRequest(problem);
        }
        CheckDescription(description);
        if (sourceVolumeUuid is null && sourceVolumeName is null)
        {
            throw ApiException.BadRequest("sourceVolumeUUID or sourceVolumeName is required");
        }
        lock (_lock)
        {
            RequireProject(project);
            // The UUID wins when both are given (spec lightbits-api.md §5 CreateSnapshotRequest).
            var volume = _state.Volumes.FirstOrDefault(v => v.ProjectName == project &&
                    (sourceVolumeUuid is not null ? v.Uuid == sourceVolumeUuid : v.Name == sourceVolumeName))
                ?? throw ApiException.NotFound($"source volume {sourceVolumeUuid ?? sourceVolumeName} not found in project \"{project}\"");
            if (volume.State is VolumeState.Creating or VolumeState.Updating)
            {
                throw ApiException.Unavailable($"volume {volume.Uuid} is {volume.State}; try again later");
            }
            if (volume.State is not VolumeState.Available and not VolumeState.Migrating)
            {
                throw ApiException.BadRequest($"volume {volume.Uuid} is {volume.State}");
            }
            if (_state.Snapshots.Any(s => s.ProjectName == project && s.Name == name))
            {
                throw ApiException.Conflict($"snapshot \"{name}\" already exists in project \"{project}\"");
            }
            var snapshot = new SnapshotRecord
            {
                Uuid = Guid.NewGuid().ToString(),
                Name = name!,
                ProjectName = project,
                Description = description,
                SourceVolumeUuid = volume.Uuid,
                SourceVolumeName = volume.Name,
                Size = volume.Size,
                SectorSize = volume.SectorSize,
                ReplicaCount = volume.ReplicaCount,
                Compression = volume.Compression,
                NodeList = [.. volume.NodeList],
                State = SnapshotState.Creating,
                ETag = NextETag(),
                RetentionTime = retentionTime,
                Labels = [.. volume.Labels],
                CreationTime = _time.GetUtcNow(),
            };
            _state.Snapshots.Add(snapshot);
            _data.CreateSnapshot(Guid.Parse(volume.Uuid), Guid.Parse(snapshot.Uuid));
            Save();
            After(_options.CreateDelay, () =>
            {
                snapshot.State = SnapshotState.Available;
                snapshot.ETag = NextETag();
            });
            return snapshot;
        }
    }

    public void DeleteSnapshot(string project, string uuid, string? ifMatch)
    {
        lock (_lock)
        {
            var snapshot = GetSnapshot(project, uuid);
            CheckDeletable(snapshot);
            CheckIfMatch(snapshot.ETag, ifMatch, $"snapshot {uuid}");
            snapshot.State = SnapshotState.Deleting;
            snapshot.ETag = NextETag();
            Save();
            // Clones of the snapshot keep their data: the block store shares it, it does not copy.
            After(_options.DeleteDelay, () =>
            {
                _state.Snapshots.Remove(snapshot);
                _data.DeleteSnapshot(Guid.Parse(snapshot.Uuid));
            });
        }
    }

    /// <summary>
    /// The refusals DeleteSnapshot documents, by the rule volumes follow (<see cref="CheckMutable"/>):
    /// 503 while the snapshot is Creating (a temporary state), 409 "There is a user operation in
    /// progress on the snapshot" (gRPC Aborted) while an update or a rollback runs on its volume,
    /// 400 while Deleting/Failed.
    /// </summary>
    private void CheckDeletable(SnapshotRecord snapshot)
    {
        switch (snapshot.State)
        {
            case SnapshotState.Creating:
                throw ApiException.Unavailable($"snapshot {snapshot.Uuid} is Creating; try again later");
            case SnapshotState.Deleting or SnapshotState.Failed:
                throw ApiException.BadRequest($"snapshot {snapshot.Uuid} is {snapshot.State}");
        }
        if (_state.Volumes.FirstOrDefault(v => v.Uuid == snapshot.SourceVolumeUuid) is { State: VolumeState.Updating or VolumeState.Rollback })
        {
            throw ApiException.OperationInProgress("snapshot");
        }
    }
}
