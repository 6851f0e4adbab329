using System.Security.Cryptography.X509Certificates;
using Dms.Service.Auth;
using Dms.Service.Clusters;
using Dms.Service.Configuration;
using Dms.Service.Workflows;

namespace Dms.Service;

/// <summary>Everything `dms serve` loads before it listens; each failure is a <see cref="ConfigException"/> naming the file.</summary>
internal sealed record DmsRuntime(
    DmsSettings Settings,
    ClusterKey ClusterKey,
    SessionKey SessionKey,
    HostNqn HostNqn,
    X509Certificate2? TlsCertificate,
    WorkflowStores Stores,
    TimeProvider Time) : IAsyncDisposable
{
    public static async Task<DmsRuntime> LoadAsync(DmsSettings settings, TimeProvider time, CancellationToken ct)
    {
        var dir = settings.ConfigDir;
        var clusterKey = ClusterKey.Load(dir, time, settings.ClusterTokenLifetime);
        var sessionKey = SessionKey.Load(dir);
        var hostNqn = HostNqn.Load(dir);
        if (!File.Exists(dir.HtpasswdFile))
        {
            throw new ConfigException($"{dir.HtpasswdFile} does not exist; create a user with `dms passwd USER --config-dir {dir.Path}`");
        }

        var certificate = settings.Tls ? Configuration.TlsCertificate.Load(dir) : null;
        var stores = await WorkflowStores.OpenAsync(settings, time, ct);
        var recorded = await stores.Clusters.ClaimPubKeyIdAsync(clusterKey.PubKeyId, ct);
        if (recorded != clusterKey.PubKeyId)
        {
            await stores.DisposeAsync();
            throw new ConfigException(
                $"the store ({stores.Description}) belongs to DMS instances with pubKeyId {recorded}, but {dir.ClusterKeyIdFile} says {clusterKey.PubKeyId}. " +
                "All instances sharing a store must use the same config dir keys (DESIGN §9); copy cluster-key.pem and cluster-key.id from another instance");
        }

        return new DmsRuntime(settings, clusterKey, sessionKey, hostNqn, certificate, stores, time);
    }

    public async ValueTask DisposeAsync()
    {
        await Stores.DisposeAsync();
        ClusterKey.Dispose();
        TlsCertificate?.Dispose();
    }
}
