using System.Security.Cryptography.X509Certificates;
using Dms.Service.Auth;
using Dms.Service.Clusters;
using Dms.Service.Configuration;
using Dms.Service.Workflows;

namespace Dms.Service;

/// <summary>Everything `dms serve` loads before it listens; each failure is a <see cref="ConfigException"/> naming the file.</summary>
internal sealed record DmsRuntime(
    DmsSettings Settings,
    ClusterKeyRing ClusterKeys,
    SessionKey SessionKey,
    HostNqn HostNqn,
    X509Certificate2? TlsCertificate,
    WorkflowStores Stores,
    TimeProvider Time) : IAsyncDisposable
{
    public static async Task<DmsRuntime> LoadAsync(DmsSettings settings, TimeProvider time, CancellationToken ct)
    {
        var dir = settings.ConfigDir;
        var clusterKeys = ClusterKeyRing.Load(dir, time, settings.ClusterTokenLifetime);
        try
        {
            return await LoadAsync(settings, clusterKeys, time, ct);
        }
        catch
        {
            clusterKeys.Dispose();
            throw;
        }
    }

    private static async Task<DmsRuntime> LoadAsync(DmsSettings settings, ClusterKeyRing clusterKeys, TimeProvider time, CancellationToken ct)
    {
        var dir = settings.ConfigDir;
        var sessionKey = SessionKey.Load(dir);
        var hostNqn = HostNqn.Load(dir);
        if (!File.Exists(dir.HtpasswdFile))
        {
            throw new ConfigException($"{dir.HtpasswdFile} does not exist; create a user with `dms passwd USER --config-dir {dir.Path}`");
        }

        var certificate = settings.Tls ? Configuration.TlsCertificate.Load(dir) : null;
        var stores = await WorkflowStores.OpenAsync(settings, time, ct);
        var recorded = await stores.Clusters.ClaimPubKeyIdAsync(clusterKeys.Current.PubKeyId, ct);
        if (recorded == clusterKeys.Next?.PubKeyId)
        {
            clusterKeys.Promote(recorded); // another instance promoted it while this one was down
        }
        else if (recorded != clusterKeys.Current.PubKeyId)
        {
            await stores.DisposeAsync();
            throw new ConfigException(
                $"the store ({stores.Description}) belongs to DMS instances with pubKeyId {recorded}, but {dir.ClusterKeyIdFile} says {clusterKeys.Current.PubKeyId}. " +
                "All instances sharing a store must use the same config dir keys (DESIGN §9); copy cluster-key.pem and cluster-key.id from another instance");
        }

        return new DmsRuntime(settings, clusterKeys, sessionKey, hostNqn, certificate, stores, time);
    }

    public async ValueTask DisposeAsync()
    {
        await Stores.DisposeAsync();
        ClusterKeys.Dispose();
        TlsCertificate?.Dispose();
    }
}
