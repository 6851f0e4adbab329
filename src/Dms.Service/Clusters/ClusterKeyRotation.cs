using Dms.Service.Configuration;
using Lightbits.Api.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dms.Service.Clusters;

/// <summary>
/// The switch of a cluster-key rotation (docs/operations.md "Rotate the cluster key"). A promote
/// proves that every attached cluster accepts a token signed by the next key before anything
/// changes; then it moves the store's record of the key (one conditional update, so instances
/// agree on one key) and this instance's files. Every other instance on the store follows the
/// record — at each probe interval and on SIGHUP — with the next key it holds; until it does, it
/// signs with the old key, which the clusters accept until the admin deletes its credential.
/// </summary>
internal sealed class ClusterKeyRotation(
    ClusterKeyRing ring,
    ClusterRegistry registry,
    ClusterClientFactory clients,
    TimeSpan followInterval,
    TimeProvider time,
    ILogger<ClusterKeyRotation> logger) : BackgroundService
{
    private readonly SemaphoreSlim _switching = new(1, 1);

    /// <returns>The key now current.</returns>
    /// <exception cref="ClusterKeyRotationRefusedException">No next key, or a cluster that does not accept it; nothing changed.</exception>
    public async Task<ClusterKey> PromoteAsync(CancellationToken ct)
    {
        await _switching.WaitAsync(ct);
        try
        {
            var next = ring.ReloadNext() ?? throw new ClusterKeyRotationRefusedException(
                "there is no next cluster key to promote: make one with `dms cluster-key new` on the dms host, " +
                "import it on every attached cluster (`dmscli get credential` says how), then promote it");
            var current = ring.Current;
            var clusters = await registry.ListAsync(ct);
            var refusals = (await Task.WhenAll(clusters.Select(c => ProveAsync(c, next, ct)))).OfType<string>().ToList();
            if (refusals.Count > 0)
            {
                throw new ClusterKeyRotationRefusedException(
                    $"not promoting {next.PubKeyId}: {refusals.Count} of {clusters.Count} attached clusters did not accept a token it signed, " +
                    $"so DMS keeps signing with {current.PubKeyId}. {string.Join("; ", refusals)}");
            }

            var recorded = await registry.SwitchPubKeyIdAsync(current.PubKeyId, next.PubKeyId, ct);
            if (recorded != next.PubKeyId)
            {
                throw new ClusterKeyRotationRefusedException(
                    $"the store records cluster key {recorded}, neither this instance's current {current.PubKeyId} nor its next {next.PubKeyId}; " +
                    "give every instance the config dir keys of the one that promoted");
            }

            ring.Promote(next.PubKeyId);
            logger.LogInformation("Cluster key {PubKeyId} promoted after {Clusters} attached clusters accepted it; {Previous} is kept as previous",
                next.PubKeyId, clusters.Count, current.PubKeyId);
            return next;
        }
        finally
        {
            _switching.Release();
        }
    }

    /// <summary>Signs with the key the store records when this instance holds it as its next key (another instance promoted it).</summary>
    public async Task FollowStoreAsync(CancellationToken ct)
    {
        await _switching.WaitAsync(ct);
        try
        {
            var next = ring.ReloadNext();
            var recorded = await registry.PubKeyIdAsync(ct);
            var current = ring.Current.PubKeyId;
            if (recorded == current)
            {
                return;
            }

            if (next?.PubKeyId == recorded)
            {
                ring.Promote(recorded);
                logger.LogInformation("Cluster key {PubKeyId} was promoted by another instance on the store; this one signs with it now, {Previous} is kept as previous",
                    recorded, current);
                return;
            }

            logger.LogError("The store's cluster key is {PubKeyId}, which this instance does not hold; it keeps signing with {Current}, " +
                "which clusters refuse once its credential is deleted. Copy cluster-key.pem and cluster-key.id from an instance that signs with {PubKeyId}, then systemctl restart dms",
                recorded, current, recorded);
        }
        finally
        {
            _switching.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(followInterval, time, stoppingToken);
                try
                {
                    await FollowStoreAsync(stoppingToken);
                }
                catch (Exception e) when (e is ConfigException or System.Data.Common.DbException or IOException)
                {
                    logger.LogWarning("Checking the store's cluster key failed ({Error}); trying again in {Interval}", e.Message, followInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<string?> ProveAsync(ClusterRecord cluster, ClusterKey next, CancellationToken ct)
    {
        using var client = clients.Create(cluster, maxAttempts: 2, signWith: next);
        try
        {
            await client.GetClusterInfoAsync(ct);
            return null;
        }
        catch (LightbitsApiException e) when (e.IsUnauthorized)
        {
            return $"cluster {cluster.Id} ({cluster.Name}) refused it ({(int?)e.Status}): import it there with " +
                $"`lbcli create credential --project-name=system --type=rsa256pubkey --id={next.PubKeyId} <pem-file>` " +
                "(`dmscli get credential` shows how to save the PEM)";
        }
        catch (LightbitsApiException e)
        {
            return $"cluster {cluster.Id} ({cluster.Name}) could not be asked ({e.Message}): bring it back or detach it, then promote again";
        }
    }
}

/// <summary>A promote that changed nothing, with the reason and what to do, said to the caller.</summary>
internal sealed class ClusterKeyRotationRefusedException(string message) : Exception(message);
