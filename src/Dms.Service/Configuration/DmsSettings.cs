namespace Dms.Service.Configuration;

/// <summary>Everything `dms serve` reads from dms.yaml, DMS_* variables and flags, validated.</summary>
internal sealed record DmsSettings
{
    public required ConfigDir ConfigDir { get; init; }

    public string Listen { get; init; } = "0.0.0.0:443";

    public string StateDir { get; init; } = "/var/lib/dms";

    /// <summary><c>sqlite</c> (a file under the state dir), <c>postgres://…</c> or an Npgsql connection string.</summary>
    public string Store { get; init; } = "sqlite";

    public bool Tls { get; init; } = true;

    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromDays(30);

    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(30);

    public int LoginMaxFailures { get; init; } = 5;

    public TimeSpan LoginFailureWindow { get; init; } = TimeSpan.FromMinutes(1);

    public int MaxRequestBodyBytes { get; init; } = 64 * 1024;

    public int MaxConcurrentWorkflows { get; init; } = 8;

    public int MaxConcurrentPerCluster { get; init; } = 4;

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(30);

    public string LogLevel { get; init; } = "Information";

    public string SqlitePath => Path.Combine(StateDir, "dms.db");
}
