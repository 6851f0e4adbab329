using Common.IO;
using Dms.Service.Auth;
using Dms.Service.Clusters;

namespace Dms.Service.Configuration;

/// <summary>
/// `dms init`: creates whatever of the config dir is missing and leaves the rest alone, so it is
/// safe to run again (e.g. after deleting only the TLS certificate to renew it).
/// </summary>
internal static class ConfigDirInitializer
{
    public sealed record Options(IReadOnlyList<string> HostNames, string FirstUser, Func<string> ReadPassword, int ClusterKeyBits = 3072);

    /// <returns>The files it created.</returns>
    public static IReadOnlyList<string> Run(ConfigDir dir, Options options, TimeProvider time)
    {
        Directory.CreateDirectory(dir.Path);
        var created = new List<string>();
        void Create(string path, Func<string> content, bool secret)
        {
            if (!File.Exists(path))
            {
                AtomicFile.WriteAllText(path, content(), secret);
                created.Add(path);
            }
        }

        // A secret too: `store` may become a PostgreSQL URL with its password.
        Create(dir.SettingsFile, DefaultSettings, secret: true);
        if (!File.Exists(dir.ClusterKeyFile))
        {
            // A new key is a new identity: a pubKeyId left from an old key would name a credential clusters hold for that old key.
            dir.ClusterKey(ClusterKeySlot.Current).WriteNew(options.ClusterKeyBits);
            created.Add(dir.ClusterKeyFile);
            created.Add(dir.ClusterKeyIdFile);
        }

        Create(dir.ClusterKeyIdFile, () => $"dms-{Guid.NewGuid()}\n", secret: false);
        Create(dir.SessionKeyFile, () => SessionKey.New().Serialize(), secret: true);
        if (!File.Exists(dir.TlsCertFile) || !File.Exists(dir.TlsKeyFile))
        {
            var (cert, key) = TlsCertificate.CreateSelfSigned(options.HostNames, time);
            AtomicFile.WriteAllText(dir.TlsKeyFile, key, secret: true);
            AtomicFile.WriteAllText(dir.TlsCertFile, cert);
            created.Add(dir.TlsCertFile);
            created.Add(dir.TlsKeyFile);
        }

        Create(dir.HostNqnFile, () => HostNqn.New().Value + "\n", secret: false);
        if (!File.Exists(dir.HtpasswdFile))
        {
            HtpasswdWriter.SetPassword(dir.HtpasswdFile, options.FirstUser, options.ReadPassword());
            created.Add(dir.HtpasswdFile);
        }

        return created;
    }

    private static string DefaultSettings() =>
        """
        # dms serve settings; every key can be overridden by DMS_<KEY> (e.g. DMS_STATE_DIR) or a flag.
        listen: 0.0.0.0:443
        stateDir: /var/lib/dms
        # sqlite (a file under stateDir), or postgres://user:password@host:5432/dms for several instances
        store: sqlite
        tls: true
        tokenLifetime: 30d
        probeInterval: 30s
        # after loginMaxFailures failed logins an address waits 1s, doubling per failure up to loginFailureWindow
        loginMaxFailures: 5
        loginFailureWindow: 1m
        # token: /metrics needs a session token like the API; none: open to scrapers on a trusted network
        metricsAuth: token
        # traces (a span per workflow step and per cluster API call) go to this OTLP collector, e.g.
        # http://localhost:4317 (gRPC) or http://localhost:4318/v1/traces (HTTP); empty: no traces
        otlpEndpoint: ""
        # firstUse: an attach without --tls-fingerprint or --cluster-ca-cert trusts the certificate it is shown
        # (unless a system CA vouches for it); pinned: such an attach is refused
        clusterTrust: firstUse
        # each cluster-admin token DMS mints lives this long (one per request; at most 10m)
        clusterTokenLifetime: 60s
        # TCP connect plus TLS handshake to a cluster's API
        clusterConnectTimeout: 10s
        # a failing step is retried (backoff 1s doubling up to stepRetryMaxDelay) until it made no progress
        # for stepMaxAttempts tries or stepMaxTimeWithoutProgress; a copy whose checkpoint moves starts over
        stepMaxAttempts: 6
        stepMaxTimeWithoutProgress: 30m
        stepRetryMaxDelay: 1m
        # how often DMS retries removing what ended workflows left behind (e.g. after a failed cleanup)
        janitorInterval: 1m

        """;
}
