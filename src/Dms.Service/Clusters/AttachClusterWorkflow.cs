using System.Text.Json;
using Dms.Contracts.Clusters;
using Dms.Contracts.Json;
using Dms.Workflows;
using Lightbits.Api.Http;

namespace Dms.Service.Clusters;

/// <summary>
/// AttachCluster (spec §2): reach the endpoint with DMS's JWT, pin its certificate, read the
/// cluster and its nodes, store it, then rewrite clusters.yaml — only once everything succeeded.
/// </summary>
internal static class AttachClusterWorkflow
{
    public const string Type = "AttachCluster";

    public static WorkflowDefinition Create(ClusterRegistry registry, ClustersYaml yaml, ClusterKey key, ClusterProbeService probe, TimeProvider time) =>
        new(Type, [new AttachStep(registry, yaml, key, probe, time)]);

    public static NewWorkflow New(AttachClusterRequest request) =>
        new(Type, JsonSerializer.Serialize(request, DmsJsonContext.Wire.AttachClusterRequest), []);

    private sealed class AttachStep(ClusterRegistry registry, ClustersYaml yaml, ClusterKey key, ClusterProbeService probe, TimeProvider time) : IWorkflowStep
    {
        public string Name => "attach";

        public async Task ExecuteAsync(StepContext context, CancellationToken ct)
        {
            var endpoint = JsonSerializer.Deserialize(context.InputJson, DmsJsonContext.Wire.AttachClusterRequest)?.ApiEndpoint
                ?? throw WorkflowStepException.Permanent("apiEndpoint is missing from the request", ErrorSide.UserInput);
            context.ReportProgress(new WorkflowProgress { Percent = 10, Stage = "connecting" });
            string fingerprint;
            try
            {
                fingerprint = await ClusterCertificate.FetchFingerprintAsync(endpoint, ct);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException)
            {
                throw WorkflowStepException.Transient($"cannot reach {endpoint} over TLS: {e.Message}", ErrorSide.DestinationCluster, innerException: e);
            }

            context.ReportProgress(new WorkflowProgress { Percent = 40, Stage = "reading cluster" });
            ClusterRecord cluster;
            using (var client = ClusterConnections.Create([endpoint], fingerprint, key, time, maxAttempts: 2))
            {
                try
                {
                    cluster = await ClusterReader.ReadAsync(client, fingerprint, time.GetUtcNow(), ct);
                }
                catch (LightbitsApiException e) when (e.IsUnauthorized)
                {
                    throw WorkflowStepException.Permanent(KeyNotImportedMessage(endpoint, e), ErrorSide.DestinationCluster, e);
                }
                catch (LightbitsApiException e)
                {
                    throw new WorkflowStepException($"reading the cluster at {endpoint} failed: {e.Message}", ErrorSide.DestinationCluster, e.IsTransient, innerException: e);
                }
            }

            // Trust on first use for every server: each may present a certificate of its own.
            cluster = cluster with { TlsSha256 = await ClusterCertificate.PinAllAsync(endpoint, fingerprint, cluster.ApiEndpoints, context.Logger, ct) };

            context.ReportProgress(new WorkflowProgress { Percent = 80, Stage = "storing" });
            var existing = await registry.FindAsync(cluster.Id, ct);
            if (existing is null)
            {
                // Journaled first, so a cancel or failure from here on removes what this attach added.
                await context.RecordResourceAsync(ResourceName(cluster.Id), ct);
            }

            await registry.SaveAsync(existing is null ? cluster : cluster with { AttachedAt = existing.AttachedAt }, ct);
            yaml.Write(await registry.ListAsync(ct));
            await probe.ProbeAsync(cluster, ct);
            context.SetResult(new { clusterId = cluster.Id });
            context.ReportProgress(new WorkflowProgress { Percent = 100, Stage = "attached" });
        }

        public async Task CompensateAsync(StepContext context, CancellationToken ct)
        {
            foreach (var resource in context.Resources.Where(r => r.Name.StartsWith("cluster:", StringComparison.Ordinal)))
            {
                if (await registry.RemoveAsync(resource.Name["cluster:".Length..], ct))
                {
                    yaml.Write(await registry.ListAsync(ct));
                }
            }
        }

        private string KeyNotImportedMessage(string endpoint, LightbitsApiException e) =>
            $"the cluster at {endpoint} refused DMS's credentials ({(int?)e.Status}): the DMS public key is not imported there. " +
            "Save the decoded pubKey of `dmscli get credential` to a PEM file and run on a server of the cluster: " +
            $"lbcli create credential --project-name=system --type=rsa256pubkey --id={key.PubKeyId} <pem-file>; then attach again";
    }

    private static string ResourceName(string clusterId) => $"cluster:{clusterId}";
}
