using Dms.Service.Clusters.SelfCheck;
using Dms.Workflows;
using Microsoft.Extensions.Logging;
using Lightbits.Api.Http;

namespace Dms.Service.Clusters;

/// <summary>RefreshClusters (spec §2): re-reads every attached cluster's info and nodes, stores what changed and runs the changed-blocks self-check again. clusters.yaml is left alone: spec §4 rewrites it on attach and detach only.</summary>
internal static class RefreshClustersWorkflow
{
    public const string Type = Dms.Contracts.Workflows.WorkflowTypes.RefreshClusters;

    public static WorkflowDefinition Create(ClusterRegistry registry, ClusterConnections connections, ClusterProbeService probe, ChangedBlocksSelfCheck selfCheck, TimeProvider time) =>
        new(Type, [new WorkflowStep("refresh", async (context, ct) =>
        {
            var clusters = await registry.ListAsync(ct);
            var refreshed = new List<string>();
            var failed = new List<string>();
            for (var i = 0; i < clusters.Count; i++)
            {
                var cluster = clusters[i];
                context.ReportProgress(new WorkflowProgress { Percent = 100 * i / clusters.Count, Stage = $"refreshing {cluster.Id}" });
                try
                {
                    var current = await ClusterReader.ReadAsync(connections.For(cluster), cluster.Tls(), cluster.AttachedAt, ct);
                    if (current.Id != cluster.Id)
                    {
                        throw new LightbitsApiException($"the endpoints of cluster {cluster.Id} now belong to cluster {current.Id}");
                    }

                    await registry.SaveAsync(current with { RefreshedAt = time.GetUtcNow(), ChangedBlocksCheck = cluster.ChangedBlocksCheck }, ct);
                    await selfCheck.CalibrateAsync(cluster.Id, ct);
                    refreshed.Add(cluster.Id);
                }
                catch (LightbitsApiException e)
                {
                    context.Logger.LogWarning("Refreshing cluster {ClusterId} failed: {Error}", cluster.Id, e.Message);
                    failed.Add(cluster.Id);
                }

                await probe.ProbeAsync(cluster, ct);
            }

            context.SetResult(new { refreshedClusterIds = refreshed, failedClusterIds = failed });
            context.ReportProgress(new WorkflowProgress { Percent = 100, Stage = "refreshed" });
        })]);
}
