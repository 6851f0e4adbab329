using System.Net;
using System.Net.Sockets;
using Dms.Contracts.Clusters;
using NvmeTcp.Host;

namespace Dms.Service.Clusters;

/// <summary>
/// Spec §3 dataConnectionStatus: NVMe/TCP discovery answers and admits our host NQN. Connected
/// when any discovery endpoint serves its log to us; Unauthorized when one refuses our Connect;
/// Disconnected when none can be reached.
/// </summary>
internal sealed class DataPathProbe(HostNqn hostNqn, TimeProvider time)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<ConnectionStatus> ProbeAsync(ClusterRecord cluster, CancellationToken ct)
    {
        var status = ConnectionStatus.Disconnected;
        foreach (var endpoint in cluster.DiscoveryEndpoints)
        {
            var options = new NvmeHostOptions
            {
                HostNqn = hostNqn.Value,
                ConnectTimeout = Timeout,
                CommandTimeout = Timeout,
                KeepAliveTimeout = TimeSpan.Zero,
                TimeProvider = time,
            };
            try
            {
                await NvmeTcpHost.DiscoverAsync(await ResolveAsync(endpoint, ct), options, ct);
                return ConnectionStatus.Connected;
            }
            catch (NvmeException e) when (e.Kind == NvmeErrorKind.CommandFailed)
            {
                status = ConnectionStatus.Unauthorized;
            }
            catch (Exception e) when (e is NvmeException or SocketException or IOException or TimeoutException or FormatException
                                          || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                // Unreachable on this endpoint: try the next one.
            }
        }

        return status;
    }

    private static async Task<EndPoint> ResolveAsync(string endpoint, CancellationToken ct)
    {
        var (host, port) = ClusterCertificate.SplitEndpoint(endpoint);
        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        var addresses = await Dns.GetHostAddressesAsync(host, ct);
        return new IPEndPoint(addresses.FirstOrDefault() ?? throw new IOException($"{host} has no address"), port);
    }
}
