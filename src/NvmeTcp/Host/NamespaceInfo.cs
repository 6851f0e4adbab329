using NvmeTcp.Nvme;

namespace NvmeTcp.Host;

/// <summary>What Identify Namespace (CNS 0) and its descriptor list (CNS 3) say about one namespace (spec §9.2).</summary>
public sealed record NamespaceInfo(uint NamespaceId, int BlockSize, long BlockCount, Guid Uuid, uint AnaGroupId)
{
    public long CapacityBytes => BlockCount * BlockSize;
}

/// <summary>The discovery log as read from a discovery controller (spec §11).</summary>
public sealed record DiscoveryLog(ulong Generation, IReadOnlyList<DiscoveryLogEntry> Entries);
