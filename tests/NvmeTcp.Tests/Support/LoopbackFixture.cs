using System.Net;
using NvmeTcp.Host;
using NvmeTcp.Target;

namespace NvmeTcp.Tests.Support;

/// <summary>A target on an ephemeral loopback port serving one subsystem with in-memory namespaces.</summary>
internal sealed class LoopbackTarget : IAsyncDisposable
{
    public const string SubsystemNqn = "nqn.2016-06.io.test:cnode1";

    /// <param name="maxNamespaces">The subsystem's NN; lower than the default for a port whose MDTS cannot carry a 1024-namespace ANA log.</param>
    public LoopbackTarget(NvmeTcpTargetOptions? options = null, ISubsystemAccessPolicy? policy = null, int namespaces = 1, long blocks = 4096, int blockSize = 512,
        uint maxNamespaces = NvmeSubsystem.DefaultMaxNamespaces)
    {
        Subsystem = new NvmeSubsystem(SubsystemNqn, policy) { MaxNamespaces = maxNamespaces };
        for (uint nsid = 1; nsid <= namespaces; nsid++)
        {
            var backend = new InMemoryNamespaceBackend(blocks, blockSize);
            Backends.Add(backend);
            Subsystem.AddNamespace(nsid, backend);
        }

        Target = new NvmeTcpTarget(options ?? new NvmeTcpTargetOptions());
        Target.AddSubsystem(Subsystem);
        Target.Start();
    }

    public NvmeTcpTarget Target { get; }
    public NvmeSubsystem Subsystem { get; }
    public List<InMemoryNamespaceBackend> Backends { get; } = [];
    public IPEndPoint EndPoint => Target.LocalEndPoint;

    public ValueTask DisposeAsync() => Target.DisposeAsync();
}

internal static class TestOptions
{
    public static NvmeHostOptions Host(bool digests = false, int queues = 2) => new()
    {
        HeaderDigest = digests,
        DataDigest = digests,
        IoQueueCount = queues,
        IoQueueDepth = 32,
        CommandTimeout = TimeSpan.FromSeconds(10),
        KeepAliveTimeout = TimeSpan.FromSeconds(10),
    };
}
