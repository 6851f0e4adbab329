using System.Net;
using NvmeTcp.Nvme;

namespace NvmeTcp.Target;

/// <summary>Settings of one NVMe/TCP listening port.</summary>
public sealed record NvmeTcpTargetOptions
{
    /// <summary>Where to listen; port 0 picks a free port (see <see cref="NvmeTcpTarget.LocalEndPoint"/>).</summary>
    public IPEndPoint EndPoint { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>MAXH2CDATA sent in ICResp: a multiple of 4, at least 4096 (spec §2.3). Linux sends 4 MiB.</summary>
    public int MaxH2CData { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Largest transfer per command, reported as MDTS; a power of two ≥ 4 KiB, and large enough for the whole ANA log
    /// of every subsystem the port serves (<see cref="NvmeSubsystem.AnaLogMaxSize"/>: 64 KiB for the default 1024
    /// namespaces), or Linux runs without ANA.
    /// </summary>
    public int MaxDataTransferSize { get; init; } = 1024 * 1024;

    /// <summary>Largest in-capsule write on I/O queues (reported through IOCCSZ, spec §6). Linux: 16 KiB.</summary>
    public int InCapsuleDataSize { get; init; } = 16 * 1024;

    /// <summary>I/O queues granted per controller by Set Features Number of Queues.</summary>
    public int MaxIoQueues { get; init; } = 64;

    /// <summary>Entries of the discovery log for a given host NQN (spec §11); null serves an empty log.</summary>
    public Func<string, IReadOnlyList<DiscoveryLogEntry>>? DiscoveryEntries { get; init; }

    /// <summary>
    /// ANA state of (subsystem NQN, NSID) through this port; null means every namespace is optimized.
    /// I/O to an inaccessible namespace fails with SCT 3 / SC 0x02.
    /// </summary>
    public Func<string, uint, AnaState>? AnaStateResolver { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Told of every write once its data is in the namespace, with the host that sent it: how a test
    /// proves who wrote a volume and in which order (e.g. that two hosts never wrote it at once).
    /// </summary>
    public Action<TargetWrite>? WriteObserver { get; init; }
}
