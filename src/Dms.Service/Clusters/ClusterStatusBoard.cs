using System.Collections.Concurrent;
using Dms.Contracts.Clusters;

namespace Dms.Service.Clusters;

/// <summary>The latest probe result per cluster; a cluster not probed yet shows Disconnected.</summary>
internal sealed class ClusterStatusBoard
{
    private static readonly ClusterConnectionStatus Unknown = new()
    {
        AccessConnectionStatus = ConnectionStatus.Disconnected,
        DataConnectionStatus = ConnectionStatus.Disconnected,
    };

    private readonly ConcurrentDictionary<string, ClusterConnectionStatus> _status = new(StringComparer.Ordinal);

    public ClusterConnectionStatus Get(string clusterId) => _status.GetValueOrDefault(clusterId, Unknown);

    public void Set(string clusterId, ClusterConnectionStatus status) => _status[clusterId] = status;

    public void Remove(string clusterId) => _status.TryRemove(clusterId, out _);
}
