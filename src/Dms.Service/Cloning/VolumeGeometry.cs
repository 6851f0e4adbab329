namespace Dms.Service.Cloning;

/// <summary>
/// A namespace must be the volume the cluster describes in size as well as UUID (DESIGN §5 step 4): the
/// copy is planned from what the cluster and the namespace say, and a namespace that is larger, smaller
/// or cut in other blocks than the volume would have data written past the volume's end, or its tail
/// left uncopied. Lightbits exposes a volume as a namespace of <c>size / sectorSize</c> blocks of
/// <c>sectorSize</c> bytes (lightbits-api.md §5; lbemu's VolumeNamespace does the same).
/// </summary>
internal static class VolumeGeometry
{
    /// <summary>What a volume without <c>sectorSize</c> has: the Lightbits default (lightbits-api.md §5, §10).</summary>
    public const uint DefaultSectorSize = Lightbits.Api.Model.Volume.DefaultSectorSize;

    /// <summary>Why the namespace is not the volume the cluster describes, or null when it is.</summary>
    /// <param name="volumeSize">The volume's <c>size</c> in bytes, from the cluster.</param>
    /// <param name="volumeSectorSize">The volume's <c>sectorSize</c>; 0 when the cluster left it out.</param>
    /// <param name="namespaceBytes">NSZE × block size, from Identify Namespace.</param>
    /// <param name="namespaceBlockSize">The block size of the namespace's LBA format.</param>
    public static string? Mismatch(ulong volumeSize, uint volumeSectorSize, long namespaceBytes, int namespaceBlockSize)
    {
        uint sectorSize = volumeSectorSize == 0 ? DefaultSectorSize : volumeSectorSize;
        if ((ulong)namespaceBytes == volumeSize && (uint)namespaceBlockSize == sectorSize)
        {
            return null;
        }

        string stated = volumeSectorSize == 0 ? $"{sectorSize}-byte sectors (no sectorSize given: the default)" : $"{sectorSize}-byte sectors";
        return $"{namespaceBytes} bytes in {namespaceBlockSize}-byte blocks, but the cluster says the volume has {volumeSize} bytes in {stated}";
    }
}
