using System.Net;

namespace Lightbits.Emulator;

public sealed record EmulatorOptions
{
    public required string DataDir { get; init; }
    public int Servers { get; init; } = 3;
    public string Address { get; init; } = "127.0.0.1";
    /// <summary>
    /// Each server on an address of its own, server i on this IPv4 address + i, with the same ports on every
    /// server (443, 4420, 8009 as on a real cluster; 8443 for the API where 443 may not be bound); replaces
    /// <see cref="Address"/>. Null: every server on <see cref="Address"/> with ports of its own.
    /// </summary>
    public string? ServerAddressBase { get; init; }
    /// <summary>0 = pick free ports (or reuse the ones this data dir used before).</summary>
    public int ApiPort { get; init; }
    public int DiscoveryPort { get; init; }
    public int NvmePort { get; init; }
    public string? ClusterName { get; init; }
    public TimeSpan CreateDelay { get; init; } = TimeSpan.FromMilliseconds(300);
    public TimeSpan UpdateDelay { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan DeleteDelay { get; init; } = TimeSpan.FromMilliseconds(300);
    /// <summary>
    /// 400 by default: Lightbits' gateway is grpc-gateway ≥ 1.9.5, which maps FailedPrecondition to
    /// 400, and that is what the CSI plugin's and Cinder's fakes expect; 412 (the documented status) by flag.
    /// </summary>
    public HttpStatusCode ETagMismatchStatus { get; init; } = HttpStatusCode.BadRequest;
    /// <summary>Whether project admins may read /clusterinfo and /nodes (unknown on real clusters, spec §7.4).</summary>
    public bool TenantsMayReadCluster { get; init; } = true;
    /// <summary>Physical capacity for data; null = unlimited. Writes past it fail (out of space).</summary>
    public long? CapacityBytes { get; init; }
    /// <summary>Volume data in RAM only (lost at exit) instead of files in the data dir; metadata still persists.</summary>
    public bool MemoryStorage { get; init; }
    public TimeSpan SystemJwtLifetime { get; init; } = TimeSpan.FromDays(30);
    /// <summary>Each server presents a certificate of its own (the first server's is tls-cert.pem).</summary>
    public bool CertificatePerServer { get; init; }
    /// <summary>
    /// Write zero values (false, 0, "", [], null) into responses, as grpc-gateway's marshaler does
    /// with EmitDefaults; by default they are left out, as a real cluster's gateway does.
    /// </summary>
    public bool EmitDefaults { get; init; }
    /// <summary>How long a GET of a just-created volume or snapshot still answers 404 (0 = never).</summary>
    public TimeSpan NotFoundAfterCreate { get; init; }
    /// <summary>How changed-blocks answers encode their bitmaps; the default is what DMS assumes.</summary>
    public Api.ChangedBlocksEncoding ChangedBlocksEncoding { get; init; }
    /// <summary>A snapshot's changed blocks without a base list only what its volume had written since it was created, not what a clone inherited.</summary>
    public bool ChangedBlocksSinceCreation { get; init; }
    /// <summary>
    /// NN of the cluster's NVMe subsystem: volumes (Deleting ones too, until they are gone) hold NSIDs
    /// 1..NN, and a create finding none free is refused (docs/lightbits-assumptions.md). Tests lower it to
    /// reach the limit without creating a thousand volumes.
    /// </summary>
    public uint MaxNamespaces { get; init; } = NvmeTcp.Target.NvmeSubsystem.DefaultMaxNamespaces;
}
