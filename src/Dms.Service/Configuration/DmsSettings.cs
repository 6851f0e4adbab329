namespace Dms.Service.Configuration;

/// <summary>Everything `dms serve` reads from dms.yaml, DMS_* variables and flags, validated.</summary>
internal sealed record DmsSettings
{
    public required ConfigDir ConfigDir { get; init; }

    /// <summary>The command-line flags among the sources, kept so a reload (SIGHUP) reads what the start read.</summary>
    public IReadOnlyDictionary<string, string> Flags { get; init; } = new Dictionary<string, string>();

    public string Listen { get; init; } = "0.0.0.0:443";

    public string StateDir { get; init; } = "/var/lib/dms";

    /// <summary><c>sqlite</c> (a file under the state dir), <c>postgres://…</c> or an Npgsql connection string.</summary>
    public string Store { get; init; } = "sqlite";

    public bool Tls { get; init; } = true;

    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromDays(30);

    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Failed logins a client address may make before it must wait between attempts (see LoginThrottle).</summary>
    public int LoginMaxFailures { get; init; } = 5;

    /// <summary>The longest wait a failing address gets, and the quiet time after which its failures are forgotten.</summary>
    public TimeSpan LoginFailureWindow { get; init; } = TimeSpan.FromMinutes(1);

    public int MaxRequestBodyBytes { get; init; } = 64 * 1024;

    public int MaxConcurrentWorkflows { get; init; } = 8;

    public int MaxConcurrentPerCluster { get; init; } = 4;

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Tries of a step that keeps failing without progress (a copy whose checkpoint moves starts counting again).</summary>
    public int StepMaxAttempts { get; init; } = 6;

    /// <summary>A step that keeps failing gives up after this long without progress, however few its tries.</summary>
    public TimeSpan StepMaxTimeWithoutProgress { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The longest wait between two tries of a failing step (the backoff doubles from 1s up to it).</summary>
    public TimeSpan StepRetryMaxDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often leftovers of ended workflows (a temporary clone a failed cleanup left) are retried.</summary>
    public TimeSpan JanitorInterval { get; init; } = TimeSpan.FromMinutes(1);

    public string LogLevel { get; init; } = "Information";

    /// <summary>Bytes per copy I/O (1 MiB × 16 in flight saturates loopback NVMe/TCP, bench/NvmeTcp.Bench).</summary>
    public int CopyIoSize { get; init; } = 1 << 20;

    /// <summary>Copy I/Os in flight per workflow.</summary>
    public int CopyDepth { get; init; } = 16;

    /// <summary>NVMe/TCP I/O queues (TCP connections) per volume a copy opens.</summary>
    public int NvmeIoQueues { get; init; } = 4;

    /// <summary>Bytes per second all copies of this instance share; 0 = unlimited. Re-read when dms.yaml changes.</summary>
    public long CopyMaxBandwidth { get; init; }

    /// <summary>Bytes per second each copy may use; 0 = unlimited. Re-read when dms.yaml changes.</summary>
    public long CopyWorkflowBandwidth { get; init; }

    /// <summary>Whether /metrics needs a session token (the default) or is open to scrapers on a trusted network.</summary>
    public MetricsAuth MetricsAuth { get; init; } = MetricsAuth.Token;

    /// <summary>Where traces go by OTLP (gRPC on :4317, or HTTP/protobuf when the path ends in /v1/traces); null, the default, records none.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>How a cluster's certificate may first be trusted at attach (DESIGN §8).</summary>
    public ClusterTrustMode ClusterTrust { get; init; } = ClusterTrustMode.FirstUse;

    /// <summary>Lifetime of each cluster-admin token DMS mints (one per request); at most 10 minutes.</summary>
    public TimeSpan ClusterTokenLifetime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>TCP connect plus TLS handshake, for every connection to a cluster's API.</summary>
    public TimeSpan ClusterConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The changed-blocks self-check at attach and refresh (cleanup excluded); `off` (zero) turns it off, and clones then scan whole volumes.</summary>
    public TimeSpan ChangedBlocksCheckTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public string SqlitePath => Path.Combine(StateDir, "dms.db");
}

public enum MetricsAuth
{
    Token,
    None,
}

/// <summary>
/// <c>firstUse</c>: an attach without a pin trusts the certificate it is shown (the guide's
/// one-command attach) unless a system CA vouches for it; <c>pinned</c>: it must be vouched for by a
/// system CA or by the <c>caCert</c>/<c>tlsFingerprint</c> the attach request gives.
/// </summary>
public enum ClusterTrustMode
{
    FirstUse,
    Pinned,
}
