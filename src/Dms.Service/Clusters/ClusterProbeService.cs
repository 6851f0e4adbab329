using Dms.Contracts.Clusters;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dms.Service.Clusters;

/// <summary>Keeps every attached cluster's connection status current (spec §3 Cluster.clusterConnectionStatus).</summary>
internal sealed class ClusterProbeService(
    ClusterRegistry registry,
    ClusterStatusBoard board,
    AccessProbe access,
    DataPathProbe data,
    TimeSpan interval,
    TimeProvider time,
    ILogger<ClusterProbeService> logger) : BackgroundService
{
    public async Task ProbeAsync(ClusterRecord cluster, CancellationToken ct)
    {
        var accessStatus = access.ProbeAsync(cluster, ct);
        var dataStatus = data.ProbeAsync(cluster, ct);
        var status = new ClusterConnectionStatus { AccessConnectionStatus = await accessStatus, DataConnectionStatus = await dataStatus };
        var previous = board.Get(cluster.Id);
        board.Set(cluster.Id, status);
        if (previous != status)
        {
            logger.LogInformation("Cluster {ClusterId}: access {Access}, data {Data}", cluster.Id, status.AccessConnectionStatus, status.DataConnectionStatus);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var clusters = await registry.ListAsync(stoppingToken);
                    await Task.WhenAll(clusters.Select(c => ProbeAsync(c, stoppingToken)));
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Probing clusters failed; trying again in {Interval}", interval);
                }

                await Task.Delay(interval, time, stoppingToken);
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whatever the last call threw as the stop landed (a store going away with us, say) no longer matters.
        }
    }
}
