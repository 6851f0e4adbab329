using NvmeTcp.Nvme;

namespace NvmeTcp.Host;

/// <summary>How a host connects. Defaults follow the Linux host (spec §7.3) unless noted.</summary>
public sealed record NvmeHostOptions
{
    /// <summary>HOSTID sent in every Connect of a controller (spec §7.1).</summary>
    public Guid HostId { get; init; } = Guid.NewGuid();

    /// <summary>Host NQN; defaults to the UUID form built from <see cref="HostId"/>.</summary>
    public string? HostNqn { get; init; }

    public bool HeaderDigest { get; init; }
    public bool DataDigest { get; init; }

    /// <summary>I/O queues (one TCP connection each) to open; fewer if the controller grants fewer.</summary>
    public int IoQueueCount { get; init; } = 4;

    /// <summary>Commands in flight per I/O queue (SQSIZE + 1).</summary>
    public int IoQueueDepth { get; init; } = 128;

    /// <summary>KATO sent in the admin Connect; Keep Alive goes out every half of it. Zero disables.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A command not completed within this time fails with <see cref="NvmeErrorKind.Timeout"/> and resets its connection.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>TCP connect plus ICResp wait (Linux waits 10 s for ICResp, spec §1).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Refuse every target field the Linux host would refuse (<see cref="LinuxHostRules"/>), naming the field,
    /// its value and the kernel check: what tests use to prove a target (lbemu, ours) is one Linux accepts.
    /// Off by default: DMS reads real clusters, and refusing a quirk Linux would merely log (or that only a
    /// namespace DMS never opens has) would stop a copy for no gain.
    /// </summary>
    public bool LinuxStrict { get; init; }

    internal string EffectiveHostNqn => HostNqn ?? WellKnownNqn.FromUuid(HostId);
}
