namespace NvmeTcp.Nvme;

/// <summary>Asymmetric namespace access state of a namespace through one port (NVMe base spec, ANA log page).</summary>
public enum AnaState : byte
{
    Optimized = 0x01,
    NonOptimized = 0x02,
    Inaccessible = 0x03,
    PersistentLoss = 0x04,
    Change = 0x0F,
}

/// <summary>One ANA group as the host reads it from log page 0x0C.</summary>
public sealed record AnaGroup(uint GroupId, AnaState State, IReadOnlyList<uint> NamespaceIds);
