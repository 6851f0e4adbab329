using System.Net;
using Dms.Service.Clusters;
using Dms.Workflows;
using Lightbits.Api;
using Lightbits.Api.Model;
using NvmeTcp.Host;

namespace Dms.Service.Cloning;

/// <summary>Where a volume is served now: its primary node's NVMe/TCP endpoint, the cluster's subsystem, and the volume as the cluster describes it.</summary>
internal sealed record VolumeLocation(Volume Volume, IPEndPoint Endpoint, string SubsystemNqn);

/// <summary>
/// Opens a volume over NVMe/TCP the way a Lightbits host must (DESIGN §5 step 4): through its
/// primary node's endpoint, read fresh from the cluster so a fail-over is followed, and only after
/// the namespace proves to be that volume (its UUID, size and block size) — nothing is written to the
/// wrong device or past the volume's end.
/// </summary>
internal sealed class VolumeDataPath(HostNqn hostNqn, CloneOptions options)
{
    /// <summary>The volume as a block device for the copy engine; its reconnect looks the primary node up again.</summary>
    public async Task<NvmeVolume> OpenAsync(ILightbitsCluster cluster, string project, string volumeName, ErrorSide side, CancellationToken ct)
    {
        var location = await LocateAsync(cluster, project, volumeName, side, ct);
        var device = await ConnectAsync(location, side, ct);
        return new NvmeVolume(device, location.Endpoint, c => LocateAsync(cluster, project, volumeName, side, c), (l, c) => ConnectAsync(l, side, c));
    }

    private static async Task<VolumeLocation> LocateAsync(ILightbitsCluster cluster, string project, string volumeName, ErrorSide side, CancellationToken ct)
    {
        var volume = await OwnedResources.Call(() => cluster.FindVolumeByNameAsync(project, volumeName, ct), side, $"looking up volume {volumeName}")
            ?? throw WorkflowStepException.Permanent($"volume {volumeName} is gone from project {project}", side);
        // What the namespace is checked against (ConnectAsync): without them there is nothing to check.
        OwnedResources.Field(() => (
            RequiredField.Text(volume.Uuid, cluster.Name, $"volume {volumeName}", "UUID"),
            RequiredField.NonZero(volume.Nsid, cluster.Name, $"volume {volumeName}", "nsid"),
            RequiredField.NonZero(volume.Size, cluster.Name, $"volume {volumeName}", "size")), side);
        var info = await OwnedResources.Call(() => cluster.GetClusterInfoAsync(ct), side, "reading the cluster's subsystem NQN");
        var subsystemNqn = OwnedResources.Field(() => RequiredField.Text(info.SubsystemNqn, cluster.Name, "GET /api/v2/clusterinfo", "subsystemNQN"), side);
        if (string.IsNullOrEmpty(volume.PrimaryNodeUuid))
        {
            // Between a primary's loss and its successor's election a volume may have none: ask again later.
            throw WorkflowStepException.Transient($"volume {volumeName} has no primaryNodeUUID right now", side);
        }
        var nodes = await OwnedResources.Call(() => cluster.ListNodesAsync(ct), side, "listing nodes");
        var primary = nodes.FirstOrDefault(n => n.Uuid == volume.PrimaryNodeUuid)
            ?? throw WorkflowStepException.Transient($"volume {volumeName}'s primary node {volume.PrimaryNodeUuid} is not among the cluster's nodes", side);
        if (!IPEndPoint.TryParse(primary.NvmeEndpoint ?? "", out var endpoint))
        {
            throw WorkflowStepException.Permanent($"node {primary.Name} has no usable nvmeEndpoint ('{primary.NvmeEndpoint}')", side);
        }
        return new VolumeLocation(volume, endpoint, subsystemNqn);
    }

    private async Task<NvmeBlockDevice> ConnectAsync(VolumeLocation location, ErrorSide side, CancellationToken ct)
    {
        var (volume, endpoint, subsystemNqn) = location;
        NvmeBlockDevice device;
        try
        {
            device = await NvmeTcpHost.OpenBlockDeviceAsync(endpoint, subsystemNqn, volume.Nsid, new NvmeHostOptions
            {
                HostNqn = hostNqn.Value,
                HostId = hostNqn.HostId,
                IoQueueCount = options.NvmeIoQueues,
                IoQueueDepth = Math.Max(32, options.Copy.Depth * 2),
            }, ct);
        }
        catch (Exception e) when (e is NvmeException or System.Net.Sockets.SocketException or IOException or TimeoutException)
        {
            throw WorkflowStepException.Transient($"connecting to volume {volume.Name} at {endpoint} over NVMe/TCP: {e.Message}", side, innerException: e);
        }
        if (device.NamespaceUuid != Guid.Parse(volume.Uuid!))
        {
            await device.DisposeAsync();
            throw WorkflowStepException.Permanent(
                $"namespace {volume.Nsid} at {endpoint} has UUID {device.NamespaceUuid}, not volume {volume.Name}'s {volume.Uuid}; refusing to touch it", side);
        }
        if (VolumeGeometry.Mismatch(volume.Size, volume.SectorSize, device.Capacity, device.SectorSize) is { } mismatch)
        {
            await device.DisposeAsync();
            throw WorkflowStepException.Permanent(
                $"namespace {volume.Nsid} at {endpoint} (volume {volume.Name}) has {mismatch}; refusing to touch it", side);
        }
        return device;
    }
}
