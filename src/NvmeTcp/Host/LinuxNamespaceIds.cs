namespace NvmeTcp.Host;

/// <summary>
/// The identifiers Linux keeps for a namespace head (core.c struct nvme_ns_ids): the UUID descriptor, and the NGUID
/// from its descriptor or else Identify Namespace (core.c nvme_identify_ns). EUI-64 is left out: this host reads none.
/// </summary>
internal readonly record struct LinuxNamespaceIds(Guid Uuid, Guid Nguid)
{
    /// <summary>As core.c nvme_subsys_check_duplicate_ids compares them: any non-zero identifier in common.</summary>
    public bool SharesAnyWith(LinuxNamespaceIds other) =>
        (Uuid != Guid.Empty && Uuid == other.Uuid) || (Nguid != Guid.Empty && Nguid == other.Nguid);

    public override string ToString() => $"UUID {Uuid}, NGUID {Nguid:N}";
}
