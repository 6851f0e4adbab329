using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lightbits.Emulator.Storage.Layers;

/// <summary>Pinned arrays whose pages the kernel backs with transparent huge pages where it can.</summary>
internal static partial class HugePages
{
    private const int HugePageBytes = 2 << 20;
    private const int MadviseHugePage = 14; // MADV_HUGEPAGE, linux/mman.h

    /// <summary>
    /// A pinned, untouched array and the offset of <paramref name="bytes"/> usable bytes in it that
    /// start on a huge-page boundary and were advised as huge-page memory before their first touch.
    /// The advice is best effort: where the kernel refuses it (THP off, not Linux) the pages are small.
    /// </summary>
    public static unsafe (byte[] Array, int Start) AllocatePinned(long bytes)
    {
        var array = GC.AllocateUninitializedArray<byte>(checked((int)(bytes + HugePageBytes)), pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        int start = (int)((HugePageBytes - (address % HugePageBytes)) % HugePageBytes);
        if (OperatingSystem.IsLinux())
        {
            _ = Madvise(address + start, (nuint)bytes, MadviseHugePage);
        }

        return (array, start);
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
