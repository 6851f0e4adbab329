using Lightbits.Emulator.Wire;

namespace Lightbits.Emulator.State;

public sealed partial class ClusterState
{
    public IReadOnlyList<VolumeRecord> ListVolumes(string project, bool showAll = false)
    {
        lock (_lock)
        {
            RequireProject(project);
            return [.. _state.Volumes.Where(v => v.ProjectName == project && (showAll || v.State != VolumeState.Deleting))];
        }
    }

    public VolumeRecord GetVolume(string project, string uuid)
    {
        lock (_lock)
        {
            RequireProject(project);
            return _state.Volumes.FirstOrDefault(v => v.ProjectName == project && v.Uuid == uuid)
                ?? throw ApiException.NotFound($"volume {uuid} not found in project \"{project}\"");
        }
    }

    public VolumeRecord GetVolumeByName(string project, string name)
    {
        lock (_lock)
        {
            RequireProject(project);
            return _state.Volumes.FirstOrDefault(v => v.ProjectName == project && v.Name == name)
                ?? throw ApiException.NotFound($"volume \"{name}\" not found in project \"{project}\"");
        }
    }

    /// <summary>Every volume, any project (the data plane serves them all).</summary>
    public VolumeRecord? FindVolume(string uuid)
    {
        lock (_lock)
        {
            return _state.Volumes.FirstOrDefault(v => v.Uuid == uuid);
        }
    }

    public IReadOnlyList<VolumeRecord> AllVolumes()
    {
        lock (_lock)
        {
            return [.. _state.Volumes];
        }
    }

    public VolumeRecord CreateVolume(string project, VolumeSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        lock (_lock)
        {
            RequireProject(project);
            if (_state.Volumes.Any(v => v.ProjectName == project && v.Name == spec.Name))
            {
                throw ApiException.Conflict($"volume \"{spec.Name}\" already exists in project \"{project}\"");
            }
            if (spec.ReplicaCount > CurrentMaxReplicas)
            {
                throw ApiException.BadRequest($"replicaCount {spec.ReplicaCount} exceeds this cluster's currentMaxReplicas {CurrentMaxReplicas}");
            }

            SnapshotRecord? source = null;
            if (spec.SourceSnapshotUuid is not null || spec.SourceSnapshotName is not null)
            {
                source = _state.Snapshots.FirstOrDefault(s => s.ProjectName == project &&
                        (spec.SourceSnapshotUuid is not null ? s.Uuid == spec.SourceSnapshotUuid : s.Name == spec.SourceSnapshotName))
                    ?? throw ApiException.NotFound($"source snapshot {spec.SourceSnapshotUuid ?? spec.SourceSnapshotName} not found in project \"{project}\"");
                if (source.State != SnapshotState.Available)
                {
                    throw ApiException.Unavailable($"source snapshot {source.Uuid} is {source.State}");
                }
                if (spec.Size < source.Size)
                {
                    throw ApiException.BadRequest($"size {spec.Size} is smaller than the source snapshot's {source.Size}");
                }
                if (spec.SectorSize is { } sector && sector != source.SectorSize)
                {
                    throw ApiException.BadRequest($"sectorSize {spec.SectorSize} differs from the source snapshot's {source.SectorSize}");
                }
            }
            var policy = ResolveVolumePolicy(project, spec.QosPolicyUuid, spec.QosPolicyName);
            var sectorSize = spec.SectorSize ?? source?.SectorSize ?? 4096;
            var size = spec.Size ?? source?.Size ?? throw ApiException.BadRequest("size is required");
            if (size == 0 || size % sectorSize != 0)
            {
                throw ApiException.BadRequest($"size {size} must be a positive multiple of the sector size {sectorSize}");
            }

            var volume = new VolumeRecord
            {
                Uuid = Guid.NewGuid().ToString(),
                Name = spec.Name,
                ProjectName = project,
                Size = size,
                SectorSize = sectorSize,
                ReplicaCount = spec.ReplicaCount,
                Compression = spec.Compression,
                Acl = [.. spec.Acl],
                IpAcl = [.. spec.IpAcl],
                // Clones live on their parent's nodes (spec lightbits-api.md §5 CreateSnapshotRequest).
                NodeList = source is not null ? [.. source.NodeList.Take((int)spec.ReplicaCount)] : PlaceReplicas(spec.ReplicaCount),
                Nsid = NextFreeNsid(spec.Name),
                State = VolumeState.Creating,
                ETag = NextETag(),
                SourceSnapshotUuid = source?.Uuid,
                SourceSnapshotName = source?.Name,
                QosPolicyUuid = policy.Uuid,
                QosPolicyName = policy.Name,
                Labels = [.. spec.Labels ?? source?.Labels ?? []],
                CreationTime = _time.GetUtcNow(),
            };
            if (volume.NodeList.Count < volume.ReplicaCount)
            {
                volume.NodeList.AddRange(PlaceReplicas(volume.ReplicaCount).Except(volume.NodeList).Take((int)volume.ReplicaCount - volume.NodeList.Count));
            }
            if (source is not null)
            {
                _data.CreateClone(Guid.Parse(source.Uuid), Guid.Parse(volume.Uuid), volume.Size);
            }
            else
            {
                _data.CreateVolume(Guid.Parse(volume.Uuid), volume.Size, volume.SectorSize);
            }
            _state.Volumes.Add(volume);
            Save();
            After(_options.CreateDelay, () =>
            {
                volume.State = VolumeState.Available;
                volume.ETag = NextETag();
                RaiseVolumeChanged(volume.Uuid); // now usable: the data plane shows it to the hosts in its ACL
            });
            RaiseVolumeChanged(volume.Uuid);
            return volume;
        }
    }

    public void UpdateVolume(string project, string uuid, VolumeUpdate update, string? ifMatch)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_lock)
        {
            var volume = GetVolume(project, uuid);
            CheckMutable(volume);
            CheckIfMatch(volume.ETag, ifMatch, $"volume {uuid}");
            if (update.Size is { } size)
            {
                if (size < volume.Size && update.Force != true)
                {
                    throw ApiException.BadRequest($"size {size} is smaller than the current {volume.Size}; shrinking needs Force=true");
                }
                if (size % volume.SectorSize != 0)
                {
                    throw ApiException.BadRequest($"size {size} is not a multiple of the sector size {volume.SectorSize}");
                }
            }
            if (update.NewName is { } newName && newName != volume.Name &&
                _state.Volumes.Any(v => v.ProjectName == project && v.Name == newName))
            {
                throw ApiException.Conflict($"volume \"{newName}\" already exists in project \"{project}\"");
            }

            var policy = update.QosPolicyUuid is null && update.QosPolicyName is null
                ? null
                : ResolveVolumePolicy(project, update.QosPolicyUuid, update.QosPolicyName);

            if (update.Size is { } newSize && newSize != volume.Size)
            {
                _data.Resize(Guid.Parse(volume.Uuid), newSize, allowShrink: update.Force == true);
            }
            volume.Acl = update.Acl is null ? volume.Acl : [.. update.Acl];
            volume.IpAcl = update.IpAcl is null ? volume.IpAcl : [.. update.IpAcl];
            volume.Size = update.Size ?? volume.Size;
            volume.Compression = update.Compression ?? volume.Compression;
            volume.QosPolicyUuid = policy?.Uuid ?? volume.QosPolicyUuid;
            volume.QosPolicyName = policy?.Name ?? volume.QosPolicyName;
            volume.Labels = update.Labels is null ? volume.Labels : [.. update.Labels];
            volume.Name = update.NewName ?? volume.Name;
            volume.State = VolumeState.Updating;
            volume.ETag = NextETag();
            Save();
            After(_options.UpdateDelay, () =>
            {
                volume.State = VolumeState.Available;
                volume.ETag = NextETag();
            });
            RaiseVolumeChanged(volume.Uuid);
        }
    }

    public void DeleteVolume(string project, string uuid, string? ifMatch)
    {
        lock (_lock)
        {
            var volume = GetVolume(project, uuid);
            CheckMutable(volume);
            CheckIfMatch(volume.ETag, ifMatch, $"volume {uuid}");
            volume.State = VolumeState.Deleting;
            volume.ETag = NextETag();
            Save();
            After(_options.DeleteDelay, () =>
            {
                _state.Volumes.Remove(volume);
                _data.DeleteVolume(Guid.Parse(volume.Uuid));
                RaiseVolumeChanged(volume.Uuid);
            });
            RaiseVolumeChanged(volume.Uuid);
        }
    }

    /// <summary>
    /// Refusals of spec lightbits-api.md §3 and the proto's UpdateVolume/DeleteVolume responses: 503
    /// while Creating (a temporary state), 409 "user operation in progress" while an update or a
    /// rollback runs on it, 400 while Deleting/Failed. Migrating is usable (a replica moves; the
    /// volume stays Available to users), so it is not refused.
    /// </summary>
    private static void CheckMutable(VolumeRecord volume)
    {
        switch (volume.State)
        {
            case VolumeState.Creating:
                throw ApiException.Unavailable($"volume {volume.Uuid} is {volume.State}; try again later");
            case VolumeState.Updating or VolumeState.Rollback:
                throw ApiException.OperationInProgress("volume");
            case VolumeState.Deleting or VolumeState.Failed:
                throw ApiException.BadRequest($"volume {volume.Uuid} is {volume.State}");
        }
    }

    // An ETag mismatch is gRPC FailedPrecondition whichever HTTP status the gateway gives it.
    private void CheckIfMatch(string current, string? ifMatch, string what)
    {
        if (ifMatch is not null && ifMatch != "*" && ifMatch.Trim('"') != current)
        {
            throw new ApiException(_options.ETagMismatchStatus, GrpcCodes.FailedPrecondition, $"ETag mismatch on {what}: If-Match {ifMatch}, current {current}");
        }
    }

    private List<string> PlaceReplicas(uint count)
    {
        var nodes = _state.Identity.Servers.Select(s => s.NodeUuid).ToList();
        var start = _placementCursor++ % nodes.Count;
        return [.. Enumerable.Range(0, (int)count).Select(i => nodes[(start + i) % nodes.Count])];
    }

    /// <summary>
    /// Smallest free nsid, recycled after deletes (spec lightbits-api.md §11.5), within 1..NN of the
    /// cluster's subsystem: an NSID above NN would make Linux refuse every controller of the cluster
    /// (its ANA group would exceed ANAGRPMAX). A Deleting volume still holds its NSID. No public document
    /// says how a real cluster refuses this (docs/lightbits-assumptions.md): 400 FailedPrecondition.
    /// </summary>
    private uint NextFreeNsid(string name)
    {
        var used = _state.Volumes.Select(v => v.Nsid).ToHashSet();
        for (var nsid = 1u; nsid <= _options.MaxNamespaces; nsid++)
        {
            if (!used.Contains(nsid))
            {
                return nsid;
            }
        }
        throw new ApiException(System.Net.HttpStatusCode.BadRequest, GrpcCodes.FailedPrecondition,
            $"cannot create volume \"{name}\": every NVMe namespace ID 1..{_options.MaxNamespaces} of the cluster's subsystem is held by a volume (Deleting ones included); delete a volume first");
    }
}

/// <summary>A validated create request (the REST layer parses and checks the raw body).</summary>
public sealed record VolumeSpec
{
    public required string Name { get; init; }
    /// <summary>Null only for a clone, which then takes the snapshot's size.</summary>
    public ulong? Size { get; init; }
    /// <summary>Null = the source snapshot's for a clone, else 4096.</summary>
    public uint? SectorSize { get; init; }
    public uint ReplicaCount { get; init; } = 1;
    public bool Compression { get; init; }
    public IReadOnlyList<string> Acl { get; init; } = [StringList.AllowNone];
    public IReadOnlyList<string> IpAcl { get; init; } = [StringList.AllowAny];
    public string? SourceSnapshotUuid { get; init; }
    public string? SourceSnapshotName { get; init; }
    /// <summary>At most one of the two (a proto oneof); neither = the project's default.</summary>
    public string? QosPolicyUuid { get; init; }
    public string? QosPolicyName { get; init; }
    public IReadOnlyList<Label>? Labels { get; init; }
}

public sealed record VolumeUpdate
{
    public IReadOnlyList<string>? Acl { get; init; }
    public IReadOnlyList<string>? IpAcl { get; init; }
    public ulong? Size { get; init; }
    public bool? Compression { get; init; }
    public string? QosPolicyUuid { get; init; }
    public string? QosPolicyName { get; init; }
    public bool? Force { get; init; }
    public IReadOnlyList<Label>? Labels { get; init; }
    public string? NewName { get; init; }
}
