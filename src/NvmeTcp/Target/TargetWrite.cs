namespace NvmeTcp.Target;

/// <summary>A write the target carried out (Write or Write Zeroes), and who sent it.</summary>
/// <param name="HostId">The Host Identifier of the controller's Fabrics Connect.</param>
/// <param name="NamespaceUuid">The namespace written (its NGUID/UUID).</param>
public readonly record struct TargetWrite(Guid HostId, string HostNqn, Guid NamespaceUuid, long Lba, int Blocks);
