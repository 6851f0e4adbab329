using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Lightbits.Emulator.Storage.Layers;

/// <summary>
/// Returns the disk space of a deallocated chunk to the file system (fallocate PUNCH_HOLE on
/// Linux). The BCL has no API for it; where it is unavailable the bytes simply stay in the
/// sparse file until the layer is deleted — the chunk map no longer points at them, so they are
/// never read and are overwritten if the chunk is written again.
/// </summary>
internal static partial class FileHoles
{
    private const int FallocFlKeepSize = 0x01;
    private const int FallocFlPunchHole = 0x02;
    private static volatile bool s_unavailable = !OperatingSystem.IsLinux();

    public static bool TryPunch(SafeFileHandle file, long offset, long length)
    {
        if (s_unavailable)
        {
            return false;
        }

        try
        {
            return Fallocate(file, FallocFlPunchHole | FallocFlKeepSize, offset, length) == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            s_unavailable = true;
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    private static partial int Fallocate(SafeFileHandle fd, int mode, long offset, long length);
}
