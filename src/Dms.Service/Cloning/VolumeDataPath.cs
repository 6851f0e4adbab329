using System.Net;
using Dms.Service.Clusters;
using Dms.Workflows;
using Lightbits.Api;
using Lightbits.Api.Model;
using NvmeTcp.Host;

namespace Dms.Service.Cloning;

/// <summary>
/// Opens a volume over NVMe/TCP the way a Lightbits host must (DESIGN §5 step 4): through its
/// primary node's endpoint, read fresh from the cluster so a fail-over is followed, and only after
/// the namespace proves to be that volume (its UUID, size and block size) — nothing is written to the
/// wrong device or past the volume's end.
/// </summary>
internal sealed class VolumeDataPath(HostNqn hostNqn, CloneOptions options)
{
    public async Task<NvmeBlockDevice> OpenAsync(ILightbitsCluster cluster, string project, string volumeName, ErrorSide side, CancellationToken ct)
    {
        var volume = await OwnedResources.Call(() => cluster.FindVolumeByNameAsync(project, volumeName, ct), side, $"looking up volume {volumeName}")
            ?? throw WorkflowStepException.Permanent($"volume {volumeName} is gone from project {project}", side);
        var info = await OwnedResources.Call(() => cluster.GetClusterInfoAsync(ct), side, "reading the cluster's subsystem NQN");
        var nodes = await OwnedResources.Call(() => cluster.ListNodesAsync(ct), side, "listing nodes");
        var primary = nodes.FirstOrDefault(n => n.Uuid == volume.PrimaryNodeUuid)
            ?? throw WorkflowStepException.Transient($"volume {volumeName}'s primary node {volume.PrimaryNodeUuid} is not among the cluster's nodes", side);
        if (!IPEndPoint.TryParse(primary.NvmeEndpoint ?? "", out var endpoint))
        {
            throw WorkflowStepException.Permanent($"node {primary.Name} has no usable nvmeEndpoint ('{primary.NvmeEndpoint}')", side);
        }

        NvmeBlockDevice device;
        try
        {
            device = await NvmeTcpHost.OpenBlockDeviceAsync(endpoint, info.SubsystemNqn!, volume.Nsid, new NvmeHostOptions
            {
                HostNqn = hostNqn.Value,
                HostId = hostNqn.HostId,
                IoQueueCount = options.NvmeIoQueues,
                IoQueueDepth = Math.Max(32, options.Copy.Depth * 2),
            }, ct);
        }
        catch (Exception e) when (e is NvmeException or System.Net.Sockets.SocketException or IOException or TimeoutException)
        {
            throw WorkflowStepException.Transient($"connecting to volume {volumeName} at {endpoint} over NVMe/TCP: {e.Message}", side, innerException: e);
        }
        if (device.NamespaceUuid != Guid.Parse(volume.Uuid!))
        {
            await device.DisposeAsync();
            throw WorkflowStepException.Permanent(
                $"namespace {volume.Nsid} at {endpoint} has UUID {device.NamespaceUuid}, not volume {volumeName}'s {volume.Uuid}; refusing to touch it", side);
        }
        if (VolumeGeometry.Mismatch(volume.Size, volume.SectorSize, device.Capacity, device.SectorSize) is { } mismatch)
        {
            await device.DisposeAsync();
            throw WorkflowStepException.Permanent(
                $"namespace {volume.Nsid} at {endpoint} (volume {volumeName}) has {mismatch}; refusing to touch it", side);
        }
        return device;
    }
}
