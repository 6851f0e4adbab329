using System.Text.Json;
using Dms.Contracts.Clusters;
using Dms.Contracts.Json;
using Dms.Service.Clusters.SelfCheck;
using Dms.Service.Configuration;
using Dms.Workflows;
using Lightbits.Api.Http;
using Microsoft.Extensions.Logging;

namespace Dms.Service.Clusters;

/// <summary>
/// AttachCluster (spec §2): decide whether the endpoint's certificate is trusted before anything
/// is sent to it (DESIGN §8), read the cluster with DMS's token, refuse an impostor of an attached
/// cluster, extend trust to the other servers it lists by the same rule, store it, then rewrite
/// clusters.yaml — only once everything succeeded — and run the changed-blocks self-check.
/// </summary>
internal static class AttachClusterWorkflow
{
    public const string Type = Dms.Contracts.Workflows.WorkflowTypes.AttachCluster;

    public static WorkflowDefinition Create(ClusterRegistry registry, ClustersYaml yaml, ClusterClientFactory clients, ClusterKey key,
        ClusterProbeService probe, ChangedBlocksSelfCheck selfCheck, ClusterTrustMode trustMode, TimeProvider time) =>
        new(Type, [new AttachStep(registry, yaml, clients, key, probe, selfCheck, trustMode, time)]);

    public static NewWorkflow New(AttachClusterRequest request) =>
        new(Type, JsonSerializer.Serialize(request, DmsJsonContext.Wire.AttachClusterRequest), []);

    private sealed class AttachStep(ClusterRegistry registry, ClustersYaml yaml, ClusterClientFactory clients, ClusterKey key,
        ClusterProbeService probe, ChangedBlocksSelfCheck selfCheck, ClusterTrustMode trustMode, TimeProvider time) : IWorkflowStep
    {
        public string Name => "attach";

        public async Task ExecuteAsync(StepContext context, CancellationToken ct)
        {
            var request = JsonSerializer.Deserialize(context.InputJson, DmsJsonContext.Wire.AttachClusterRequest);
            var endpoint = request?.ApiEndpoint ?? throw WorkflowStepException.Permanent("apiEndpoint is missing from the request", ErrorSide.UserInput);
            TrustAnchor? anchor;
            try
            {
                anchor = TrustAnchor.From(request);
            }
            catch (FormatException e)
            {
                throw WorkflowStepException.Permanent(e.Message, ErrorSide.UserInput);
            }

            context.ReportProgress(new WorkflowProgress { Percent = 10, Stage = "checking certificate" });
            var presented = await InspectAsync(endpoint, ct);
            var trust = ClusterTrustDecision.Decide(presented, anchor, trustMode);
            ClusterTrustDecision.CheckKnownEndpoint(presented, anchor, await registry.ListAsync(ct));

            context.ReportProgress(new WorkflowProgress { Percent = 40, Stage = "reading cluster" });
            ClusterRecord cluster;
            using (var client = clients.Create([endpoint], trust.Options, maxAttempts: 2))
            {
                try
                {
                    cluster = await ClusterReader.ReadAsync(client, trust, time.GetUtcNow(), ct);
                }
                catch (LightbitsApiException e) when (e.IsUnauthorized)
                {
                    throw WorkflowStepException.Permanent(KeyNotImportedMessage(endpoint, e), ErrorSide.ClusterAt(endpoint), e);
                }
                catch (LightbitsApiException e)
                {
                    throw new WorkflowStepException($"reading the cluster at {endpoint} failed: {e.Message}", ErrorSide.ClusterAt(endpoint), e.IsRetryable, innerException: e);
                }
            }

            var existing = await registry.FindAsync(cluster.Id, ct);
            if (existing is not null)
            {
                ClusterTrustDecision.CheckIdentity(existing, presented, anchor);
            }

            cluster = cluster.WithTls(await TrustOtherServersAsync(endpoint, trust, cluster.ApiEndpoints, context.Logger, ct));

            context.ReportProgress(new WorkflowProgress { Percent = 80, Stage = "storing" });
            if (existing is null)
            {
                // Journaled first, so a cancel or failure from here on removes what this attach added.
                await context.RecordResourceAsync(ResourceName(cluster.Id), ct);
            }

            await registry.SaveAsync(existing is null ? cluster : cluster with { AttachedAt = existing.AttachedAt, ChangedBlocksCheck = existing.ChangedBlocksCheck }, ct);
            await yaml.RewriteAsync(registry, ct);
            await probe.ProbeAsync(cluster, ct);
            context.ReportProgress(new WorkflowProgress { Percent = 90, Stage = "checking changed blocks" });
            await selfCheck.CalibrateAsync(cluster.Id, ct);
            var stored = cluster.Tls();
            context.SetResult(new AttachResult(cluster.Id, stored.Trust, [.. stored.Fingerprints.Select(f => "sha256:" + f)]));
            context.ReportProgress(new WorkflowProgress { Percent = 100, Stage = "attached" });
        }

        public async Task CompensateAsync(StepContext context, CancellationToken ct)
        {
            foreach (var resource in context.Resources.Where(r => r.Name.StartsWith("cluster:", StringComparison.Ordinal)))
            {
                if (await registry.RemoveAsync(resource.Name["cluster:".Length..], ct))
                {
                    await yaml.RewriteAsync(registry, ct);
                }
            }
        }

        private async Task<PresentedCertificate> InspectAsync(string endpoint, CancellationToken ct)
        {
            try
            {
                return await ClusterCertificate.InspectAsync(endpoint, clients.ConnectTimeout, ct);
            }
            catch (IOException e)
            {
                throw WorkflowStepException.Transient($"cannot reach {endpoint} over TLS: {e.Message}", ErrorSide.ClusterAt(endpoint), innerException: e);
            }
        }

        /// <summary>
        /// The other API endpoints the cluster lists, each trusted by the rule that trusted the first
        /// (servers may each have a certificate of their own). One that cannot be reached or is not
        /// vouched for is left untrusted — refused until the cluster is attached again — never trusted blindly later.
        /// </summary>
        private async Task<ClusterTls> TrustOtherServersAsync(string attachedThrough, ClusterTls trust, IReadOnlyList<string> endpoints, ILogger logger, CancellationToken ct)
        {
            foreach (var endpoint in endpoints.Where(e => !string.Equals(e, attachedThrough, StringComparison.OrdinalIgnoreCase)))
            {
                try
                {
                    var presented = await ClusterCertificate.InspectAsync(endpoint, clients.ConnectTimeout, ct);
                    if (ClusterTrustDecision.Extend(trust, presented) is { } extended)
                    {
                        trust = extended;
                    }
                    else
                    {
                        logger.LogWarning("API endpoint {Endpoint} presents certificate sha256:{Fingerprint}, which the attach's {Trust} trust does not vouch for; " +
                            "DMS will not use it", endpoint, presented.Fingerprint, trust.Trust);
                    }
                }
                catch (IOException e)
                {
                    logger.LogWarning("API endpoint {Endpoint} could not be reached to check its certificate ({Error}); DMS will not use it until the cluster is attached again",
                        endpoint, e.Message);
                }
            }

            return trust;
        }

        private string KeyNotImportedMessage(string endpoint, LightbitsApiException e) =>
            $"the cluster at {endpoint} refused DMS's credentials ({(int?)e.Status}): the DMS public key is not imported there. " +
            "Save the decoded pubKey of `dmscli get credential` to a PEM file and run on a server of the cluster: " +
            $"lbcli create credential --project-name=system --type=rsa256pubkey --id={key.PubKeyId} <pem-file>; then attach again";
    }

    private static string ResourceName(string clusterId) => $"cluster:{clusterId}";

    /// <summary>The workflow's result: the cluster, and what DMS now trusts for it (spec §3 Cluster [OURS]).</summary>
    private sealed record AttachResult(string ClusterId, string TlsTrust, IReadOnlyList<string> TlsFingerprints);
}
