using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Lightbits.Emulator.Wire;
using Lightbits.Emulator.State;
using Lightbits.Emulator.Storage;
using NvmeTcp.Nvme;
using NvmeTcp.Target;

namespace Lightbits.Emulator.Data;

/// <summary>
/// The cluster's NVMe/TCP side: one subsystem (the cluster's NQN) whose namespaces are the
/// volumes (nsid = volume nsid, namespace UUID = volume UUID), visible to the hosts in each
/// volume's ACL, served on every server's NVMe endpoint with the ANA path optimized only on the
/// volume's primary node (spec lightbits-api.md §9).
/// </summary>
public sealed class DataPlane
{
    private readonly ClusterState _state;
    private readonly BlockStore _blocks;
    private readonly NvmeSubsystem _subsystem;
    private readonly ConcurrentDictionary<uint, (string Uuid, ulong Size, string Visibility)> _served = new();
    private readonly Lock _sync = new();

    public DataPlane(ClusterState state, BlockStore blocks)
    {
        _state = state;
        _blocks = blocks;
        _subsystem = new NvmeSubsystem(state.Identity.SubsystemNqn)
        {
            SerialNumber = state.Identity.Uuid[..20],
            ModelNumber = "Lightbits LightOS (lbemu)",
            MaxNamespaces = state.Options.MaxNamespaces,
        };
        _subsystem.AccessPolicy = new DelegateAccessPolicy(_ => true, IsVisible);
        foreach (var volume in state.AllVolumes())
        {
            Sync(volume.Uuid);
        }
        state.VolumeChanged += Sync;
    }

    /// <summary>
    /// Every write a volume receives over NVMe/TCP, with the sending host, on any server: for a test
    /// hosting the emulator in-process to prove who wrote what (never set by the lbemu program).
    /// </summary>
    public event Action<TargetWrite>? Written;

    internal void OnWritten(TargetWrite write) => Written?.Invoke(write);

    /// <summary>The NVMe/TCP listeners of one server: the I/O port and the discovery port.</summary>
    internal NvmeEndpoints EndpointsOf(ServerRecord server) => new(this, server);

    internal NvmeSubsystem Subsystem => _subsystem;

    /// <summary>ACL as Lightbits applies it: the host's NQN listed, or ALLOW_ANY; ALLOW_NONE admits nobody.</summary>
    private bool IsVisible(string hostNqn, uint nsid)
    {
        if (!_served.TryGetValue(nsid, out var served) || _state.FindVolume(served.Uuid) is not { } volume)
        {
            return false;
        }
        return IsUsable(volume) && (volume.Acl.Contains(StringList.AllowAny) || volume.Acl.Contains(hostNqn));
    }

    internal AnaState AnaStateOn(ServerRecord server, uint nsid) =>
        _served.TryGetValue(nsid, out var served) && _state.FindVolume(served.Uuid) is { } volume && volume.PrimaryNodeUuid == server.NodeUuid
            ? AnaState.Optimized
            : AnaState.Inaccessible;

    internal IReadOnlyList<DiscoveryLogEntry> DiscoveryEntries() =>
        [.. _state.Identity.Servers.Select((server, index) =>
        {
            var endpoint = IPEndPoint.Parse(server.NvmeEndpoint);
            return new DiscoveryLogEntry(endpoint.Address.ToString(), endpoint.Port.ToString(CultureInfo.InvariantCulture), _state.Identity.SubsystemNqn)
            {
                AddressFamily = endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? DiscoveryLogEntry.IPv6 : DiscoveryLogEntry.IPv4,
                PortId = (ushort)(index + 1),
            };
        })];

    /// <summary>
    /// Follows one volume's change: appears, resized, visible to other hosts (ACL or state), or gone. Hosts are
    /// told only of those (a namespace attribute notice); a label, name, QoS or ETag change is nothing a host sees.
    /// </summary>
    private void Sync(string uuid)
    {
        lock (_sync)
        {
            var volume = _state.FindVolume(uuid);
            var current = _served.FirstOrDefault(p => p.Value.Uuid == uuid);
            if (volume is null)
            {
                if (current.Value.Uuid is not null && _served.TryRemove(current.Key, out _))
                {
                    _subsystem.RemoveNamespace(current.Key);
                }
                return;
            }
            (string Uuid, ulong Size, string Visibility) served = (uuid, volume.Size, VisibilityOf(volume));
            var before = current.Value;
            _served[volume.Nsid] = served;
            if (before.Uuid is null)
            {
                _subsystem.AddNamespace(volume.Nsid, new VolumeNamespace(_blocks.GetVolume(Guid.Parse(uuid))));
                return;
            }
            if (before.Size != served.Size)
            {
                _subsystem.ReplaceNamespace(volume.Nsid, new VolumeNamespace(_blocks.GetVolume(Guid.Parse(uuid))));
            }
            else if (before.Visibility != served.Visibility)
            {
                _subsystem.NotifyNamespacesChanged(volume.Nsid);
            }
        }
    }

    /// <summary>What decides which hosts see a volume (<see cref="IsVisible"/>): whether its state is usable, and its ACL.</summary>
    private static string VisibilityOf(VolumeRecord volume) =>
        $"{IsUsable(volume)}|{string.Join('\n', volume.Acl.Order(StringComparer.Ordinal))}";

    private static bool IsUsable(VolumeRecord volume) => volume.State is VolumeState.Available or VolumeState.Updating or VolumeState.Migrating;
}
