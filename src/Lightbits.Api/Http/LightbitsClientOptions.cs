using Common.Tls;

namespace Lightbits.Api.Http;

public sealed record LightbitsClientOptions
{
    /// <summary>API endpoints as the cluster lists them (<c>host:port</c>); tried in order, failing over on connection errors.</summary>
    public required IReadOnlyList<string> Endpoints { get; init; }

    /// <summary>Returns the bearer token for the next request (DMS mints short-lived ones).</summary>
    public required Func<string> TokenProvider { get; init; }

    public TlsOptions Tls { get; init; } = TlsOptions.System;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>TCP connect and TLS handshake together: an endpoint that accepts and never answers costs this, not a hang.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest response body read. The biggest legitimate ones are changed-block pages and
    /// volume lists, far below this; a server that sends more is broken or hostile.
    /// </summary>
    public int MaxResponseBytes { get; init; } = 8 << 20;

    /// <summary>Attempts for a call that fails transiently (503, 5xx on idempotent calls, no endpoint reachable).</summary>
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How errors name the cluster (DMS: its UUID); null = the endpoint the client talks to.</summary>
    public string? ClusterName { get; init; }
}
